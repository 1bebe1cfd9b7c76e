package io.madoguchi.core.feedback;

import java.time.Instant;

/**
 * A survey response was recorded.
 *
 * @param response the response
 * @param at when
 */
public record ResponseRecorded(SurveyResponse response, Instant at) implements FeedbackEvent {
}
