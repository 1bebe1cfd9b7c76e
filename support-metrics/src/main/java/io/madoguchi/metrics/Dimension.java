package io.madoguchi.metrics;

/** What a slice of the KPIs is cut by, besides tenant and period. */
public enum Dimension {
    /** The whole tenant. */
    ALL,
    /** The ticket's channel ({@code email}, {@code line}, ...). */
    CHANNEL,
    /** The ticket's priority ({@code low} ... {@code urgent}). */
    PRIORITY,
    /** The ticket's group; tickets without a group are not in any group slice. */
    GROUP,
    /**
     * The ticket's assignee (the acting agent for replies and solves); only when enabled, see
     * {@link KpiEngine.Builder#byAgent}.
     */
    AGENT
}
