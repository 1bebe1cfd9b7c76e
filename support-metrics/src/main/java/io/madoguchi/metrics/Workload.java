package io.madoguchi.metrics;

/**
 * One agent's work in a slice.
 *
 * @param replies public replies written
 * @param solved tickets solved
 * @param assigned tickets assigned to the agent
 */
public record Workload(long replies, long solved, long assigned) {
}
