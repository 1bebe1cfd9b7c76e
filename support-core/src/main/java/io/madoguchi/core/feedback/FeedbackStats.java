package io.madoguchi.core.feedback;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Aggregates of CSAT, NPS and CES, overall and by channel, agent, group and period. An empty set gives
 * n = 0 and null scores, never NaN. Thread-safe (stateless).
 */
public final class FeedbackStats {

    private FeedbackStats() {
    }

    /**
     * @param responses scored responses of any kind
     * @return CSAT, NPS and CES over them
     */
    public static FeedbackSummary summarize(Collection<ScoredResponse> responses) {
        return new FeedbackSummary(csat(responses), nps(responses), ces(responses));
    }

    /**
     * @param responses scored responses; only CSAT ones count
     * @return the CSAT summary
     */
    public static CsatSummary csat(Collection<ScoredResponse> responses) {
        List<ScoredResponse> csat = ofKind(responses, QuestionKind.CSAT);
        if (csat.isEmpty()) {
            return new CsatSummary(0, null, null, null, false);
        }
        long satisfied = csat.stream().filter(r -> ScoreScales.satisfied(r.score(), r.scaleMax())).count();
        boolean mixed = csat.stream().mapToInt(ScoredResponse::scaleMax).distinct().count() > 1;
        double mean = csat.stream().mapToDouble(r -> mixed ? 1 + (r.score() - 1) * 4.0 / (r.scaleMax() - 1) : r.score())
            .average().orElseThrow();
        return new CsatSummary(csat.size(), 100.0 * satisfied / csat.size(), mean,
            mixed ? 5 : csat.get(0).scaleMax(), mixed);
    }

    /**
     * @param responses scored responses; only NPS ones count
     * @return the NPS summary with its 95% margin of error (from {@value #NPS_MARGIN_MIN_N} responses)
     */
    public static NpsSummary nps(Collection<ScoredResponse> responses) {
        List<ScoredResponse> nps = ofKind(responses, QuestionKind.NPS);
        long n = nps.size();
        long pro = nps.stream().filter(r -> r.score() >= 9).count();
        long det = nps.stream().filter(r -> r.score() <= 6).count();
        if (n == 0) {
            return new NpsSummary(0, 0, 0, 0, null, null);
        }
        double score = 100.0 * (pro - det) / n;
        return new NpsSummary(n, pro, n - pro - det, det, score, npsMarginOfError(n, pro, det));
    }

    /**
     * The fewest NPS responses for which a margin of error is given: below 30 the normal approximation behind any
     * closed-form interval is too rough to mean anything (at n = 2 it read ±138.6 points, wider than the scale).
     */
    public static final int NPS_MARGIN_MIN_N = 30;

    /**
     * The 95% margin of error of an NPS by the adjusted-Wald method (Rocks 2016, "Interval estimation for the 'Net
     * Promoter Score'", The American Statistician; the method found best of six there): add ¾ of a promoter and ¾ of
     * a detractor (3 responses in all, so n + 3), then
     * {@code 1.96 × sqrt((p⁺ + p⁻ − (p⁺ − p⁻)²) / (n + 3)) × 100} with the adjusted shares.
     * Unlike the plain Wald formula it is never 0 when every answer is the same.
     *
     * @param n NPS responses
     * @param promoters how many scored 9–10
     * @param detractors how many scored 0–6
     * @return the margin in points, or null when {@code n} is below {@value #NPS_MARGIN_MIN_N}
     */
    static @Nullable Double npsMarginOfError(long n, long promoters, long detractors) {
        if (n < NPS_MARGIN_MIN_N) {
            return null;
        }
        double adjusted = n + 3;
        double pPro = (promoters + 0.75) / adjusted;
        double pDet = (detractors + 0.75) / adjusted;
        double diff = pPro - pDet;
        double variance = Math.max(0, pPro + pDet - diff * diff);
        return 1.96 * Math.sqrt(variance / adjusted) * 100;
    }

    /**
     * @param responses scored responses; only CES ones count
     * @return the CES summary
     */
    public static CesSummary ces(Collection<ScoredResponse> responses) {
        List<ScoredResponse> ces = ofKind(responses, QuestionKind.CES);
        return ces.isEmpty() ? new CesSummary(0, null)
            : new CesSummary(ces.size(), ces.stream().mapToInt(ScoredResponse::score).average().orElseThrow());
    }

    /**
     * @param responses scored responses
     * @return summaries per channel name, sorted by name
     */
    public static Map<String, FeedbackSummary> byChannel(Collection<ScoredResponse> responses) {
        return groupBy(responses, r -> r.channel().name());
    }

    /**
     * @param responses scored responses; those without an agent are left out
     * @return summaries per agent id, sorted
     */
    public static Map<String, FeedbackSummary> byAgent(Collection<ScoredResponse> responses) {
        return groupBy(responses, r -> r.agent() == null ? null : r.agent().value());
    }

    /**
     * @param responses scored responses; those without a group are left out
     * @return summaries per group id, sorted
     */
    public static Map<String, FeedbackSummary> byGroup(Collection<ScoredResponse> responses) {
        return groupBy(responses, r -> r.group() == null ? null : r.group().value());
    }

    /**
     * @param responses scored responses
     * @param granularity day, week (from Monday) or month
     * @param zone the tenant's time zone, in which periods start at local midnight
     * @return summaries per period, keyed by the period's first local date, in date order
     */
    public static Map<LocalDate, FeedbackSummary> byPeriod(Collection<ScoredResponse> responses,
                                                           Granularity granularity, ZoneId zone) {
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(zone, "zone");
        return groupBy(responses, r -> granularity.periodStart(r.answeredAt().atZone(zone).toLocalDate()));
    }

    private static List<ScoredResponse> ofKind(Collection<ScoredResponse> responses, QuestionKind kind) {
        return responses.stream().filter(r -> r.kind() == kind).toList();
    }

    private static <K extends Comparable<? super K>> Map<K, FeedbackSummary> groupBy(
        Collection<ScoredResponse> responses, Function<ScoredResponse, @Nullable K> key) {
        Map<K, List<ScoredResponse>> groups = new TreeMap<>();
        for (ScoredResponse r : responses) {
            K k = key.apply(r);
            if (k != null) {
                groups.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            }
        }
        Map<K, FeedbackSummary> out = new TreeMap<>();
        groups.forEach((k, v) -> out.put(k, summarize(v)));
        return Collections.unmodifiableMap(out);
    }
}
