package io.madoguchi.core.feedback;

import io.madoguchi.core.event.SupportEvent;
import java.time.Instant;

/** Something that happened in the feedback module, delivered to {@link FeedbackListener}s. */
public sealed interface FeedbackEvent extends SupportEvent
    permits ResponseRecorded, ComplaintDetected, ImprovementActionCompleted {

    @Override
    default Instant occurredAt() {
        return at();
    }

    @Override
    default String area() {
        return "feedback";
    }

    @Override
    default String streamKey() {
        return "tenant:" + tenantId().value();
    }


    /** @return when it happened */
    Instant at();
}
