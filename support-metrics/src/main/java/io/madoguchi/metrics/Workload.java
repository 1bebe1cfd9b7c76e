package io.madoguchi.metrics;

import java.time.Duration;

/**
 * One agent's work in a slice.
 *
 * @param replies public replies written
 * @param solved tickets solved
 * @param assigned tickets assigned to the agent
 * @param notes internal notes written
 * @param handleSeconds the sum of the handle times of the agent's public replies, in seconds (see
 *     {@link Kpis#handleTime()} for what a handle time is)
 */
public record Workload(long replies, long solved, long assigned, long notes, long handleSeconds) {

    /** @return the mean handle time of a public reply; null without replies */
    public @org.jspecify.annotations.Nullable Duration meanHandleTime() {
        return replies == 0 ? null : Duration.ofSeconds(handleSeconds / replies);
    }
}
