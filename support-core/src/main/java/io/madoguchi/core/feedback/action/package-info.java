/**
 * Improvement actions linked to feedback themes or to pieces of feedback; when one is done the customers
 * whose feedback it answered are announced in an {@link io.madoguchi.core.feedback.ImprovementActionCompleted}
 * event. Entry point: {@link io.madoguchi.core.feedback.action.ImprovementActions}.
 */
@NullMarked
package io.madoguchi.core.feedback.action;

import org.jspecify.annotations.NullMarked;
