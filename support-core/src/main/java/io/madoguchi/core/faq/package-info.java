/**
 * FAQ catalog, matcher and self-service decisions: {@link io.madoguchi.core.faq.FaqCatalog} holds
 * per-tenant FAQ entries with version history, {@link io.madoguchi.core.faq.FaqMatcher} finds the FAQ
 * that answers a customer's question and decides whether to answer, suggest or hand over.
 */
@NullMarked
package io.madoguchi.core.faq;

import org.jspecify.annotations.NullMarked;
