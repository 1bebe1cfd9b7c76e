/**
 * Reviews and comments: star ratings with text about a product or service, moderated
 * (pending, approved, rejected, hidden). Entry point: {@link io.madoguchi.core.feedback.review.ReviewBoard}.
 */
@NullMarked
package io.madoguchi.core.feedback.review;

import org.jspecify.annotations.NullMarked;
