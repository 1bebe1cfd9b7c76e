/**
 * Customer feedback: CSAT, NPS and CES surveys (several questions, ja/en texts, reasons on low scores),
 * triggers with delays, throttling and suppression, signed single-use survey tokens, responses linked to
 * ticket, agent, group and channel, and the aggregates (CSAT, NPS with margin of error, CES).
 *
 * <p>Entry point: {@link io.madoguchi.core.feedback.Surveys}. Aggregates:
 * {@link io.madoguchi.core.feedback.FeedbackStats}.
 */
@NullMarked
package io.madoguchi.core.feedback;

import org.jspecify.annotations.NullMarked;
