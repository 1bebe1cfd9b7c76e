package io.madoguchi.core.feedback;

import org.jspecify.annotations.Nullable;

/**
 * NPS over a set of responses: promoters 9–10, passives 7–8, detractors 0–6.
 *
 * @param n the number of NPS responses
 * @param promoters how many scored 9–10
 * @param passives how many scored 7–8
 * @param detractors how many scored 0–6
 * @param score %promoters − %detractors, −100 to 100; null when n = 0
 * @param marginOfError the 95% margin of error in points by the adjusted-Wald method (see
 *     {@link FeedbackStats#NPS_MARGIN_MIN_N}); null below {@value FeedbackStats#NPS_MARGIN_MIN_N} responses, where
 *     no margin means anything
 */
public record NpsSummary(long n, long promoters, long passives, long detractors, @Nullable Double score,
                         @Nullable Double marginOfError) {
}
