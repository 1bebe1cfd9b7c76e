/**
 * Wiring between the support desk and the feedback module, both event-log subscribers registered with
 * {@code desk.subscribe(...)}: {@link io.madoguchi.core.feedback.desk.DeskSurveys} schedules the post-solve survey
 * and reports complaints in customer messages; {@link io.madoguchi.core.feedback.desk.DeskEscalation} flags and
 * escalates complaint tickets through the desk.
 */
@NullMarked
package io.madoguchi.core.feedback.desk;

import org.jspecify.annotations.NullMarked;
