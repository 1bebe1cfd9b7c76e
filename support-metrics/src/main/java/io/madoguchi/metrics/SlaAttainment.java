package io.madoguchi.metrics;

import org.jspecify.annotations.Nullable;

/**
 * SLA attainment of one metric under one policy: cycles that stopped within their target and cycles that breached.
 * Cycles stopped because their ticket was merged away count in neither.
 *
 * @param metric the SLA metric, lower-case ({@code first_reply_time})
 * @param policy the policy's name ({@code ""} if none applied)
 * @param met cycles that stopped in time
 * @param breached cycles that breached
 * @param percent {@code 100 × met / (met + breached)}; null when no cycle stopped
 */
public record SlaAttainment(String metric, String policy, long met, long breached, @Nullable Double percent) {
}
