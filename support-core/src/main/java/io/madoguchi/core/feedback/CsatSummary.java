package io.madoguchi.core.feedback;

import org.jspecify.annotations.Nullable;

/**
 * CSAT over a set of responses.
 *
 * @param n the number of CSAT responses
 * @param satisfiedPercent share of satisfied responses, 0–100 ({@link ScoreScales#satisfied}); null when n = 0
 * @param mean the mean score on the responses' common scale; when scales differ, every score is first
 *     rescaled linearly to 1–5 and {@code scaleMax} is 5; null when n = 0
 * @param scaleMax the scale the mean is on; null when n = 0
 * @param rescaled whether the scores were on different scales and the mean is on 1–5
 */
public record CsatSummary(long n, @Nullable Double satisfiedPercent, @Nullable Double mean, @Nullable Integer scaleMax,
                          boolean rescaled) {
}
