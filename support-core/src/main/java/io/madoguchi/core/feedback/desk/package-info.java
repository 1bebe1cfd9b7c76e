/**
 * Wiring between the support desk and the feedback module: {@link io.madoguchi.core.feedback.desk.DeskSurveys}
 * sends the post-solve survey and watches customer messages for complaints;
 * {@link io.madoguchi.core.feedback.desk.DeskEscalation} flags and escalates complaint tickets through the desk.
 */
@NullMarked
package io.madoguchi.core.feedback.desk;

import org.jspecify.annotations.NullMarked;
