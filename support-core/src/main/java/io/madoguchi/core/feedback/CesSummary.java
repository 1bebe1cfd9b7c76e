package io.madoguchi.core.feedback;

import org.jspecify.annotations.Nullable;

/**
 * CES over a set of responses.
 *
 * @param n the number of CES responses
 * @param mean the mean score, 1–7; null when n = 0
 */
public record CesSummary(long n, @Nullable Double mean) {
}
