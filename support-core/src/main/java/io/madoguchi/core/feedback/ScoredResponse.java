package io.madoguchi.core.feedback;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.ValidationException;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One score, the unit the aggregates work on.
 *
 * @param kind CSAT, NPS or CES
 * @param score the score
 * @param scaleMax the scale's top point (CSAT: 3..10; NPS: 10; CES: 7)
 * @param channel the channel
 * @param agent the agent, if any
 * @param group the group, if any
 * @param answeredAt when it was answered
 */
public record ScoredResponse(QuestionKind kind, int score, int scaleMax, Channel channel, @Nullable AgentId agent,
                             @Nullable GroupId group, Instant answeredAt) {

    /**
     * @param kind CSAT, NPS or CES
     * @param score the score
     * @param scaleMax the scale's top point (CSAT: 3..10; NPS: 10; CES: 7)
     * @param channel the channel
     * @param agent the agent, if any
     * @param group the group, if any
     * @param answeredAt when it was answered
     * @throws ValidationException if the kind is TEXT, or the score or scale is out of range
     */
    public ScoredResponse {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(answeredAt, "answeredAt");
        switch (kind) {
            case CSAT -> {
                if (scaleMax < 3 || scaleMax > 10) {
                    throw ValidationException.of("scale_max", "must be 3..10 for csat; was " + scaleMax);
                }
                check(score, 1, scaleMax);
            }
            case NPS -> {
                scaleMax = 10;
                check(score, 0, 10);
            }
            case CES -> {
                scaleMax = 7;
                check(score, 1, 7);
            }
            case TEXT -> throw ValidationException.of("kind", "must be csat, nps or ces");
        }
    }

    private static void check(int score, int min, int max) {
        if (score < min || score > max) {
            throw ValidationException.of("score", "must be " + min + ".." + max + "; was " + score);
        }
    }
}
