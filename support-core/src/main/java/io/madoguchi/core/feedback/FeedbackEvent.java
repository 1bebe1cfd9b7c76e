package io.madoguchi.core.feedback;

import java.time.Instant;

/** Something that happened in the feedback module, delivered to {@link FeedbackListener}s. */
public sealed interface FeedbackEvent permits ResponseRecorded, ComplaintDetected, ImprovementActionCompleted {

    /** @return when it happened */
    Instant at();
}
