package io.madoguchi.metrics;

import io.madoguchi.core.Channel;
import io.madoguchi.core.feedback.FeedbackStats;
import io.madoguchi.core.feedback.QuestionKind;
import io.madoguchi.core.feedback.ScoredResponse;
import io.madoguchi.core.sla.SlaMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.AbstractHistogram;
import org.jspecify.annotations.Nullable;

/**
 * The mutable counts of one slice. Durations go into {@link Seconds}: a small array, then HdrHistograms (memory grows
 * with the values and buckets in use, not the range), so a slice with a few measurements stays small. Not
 * thread-safe: the engine guards it.
 */
final class Slice {

    static final int FIRST_REPLY = 0;
    static final int NEXT_REPLY = 1;
    static final int RESOLUTION = 2;
    static final int REQUESTER_WAIT = 3;
    static final int FIRST_REPLY_BUSINESS = 4;
    static final int NEXT_REPLY_BUSINESS = 5;
    static final int RESOLUTION_BUSINESS = 6;
    static final int HANDLE = 7;
    private static final int HISTOGRAMS = 8;
    /** Fields of a workload entry. */
    static final int REPLIES = 0;
    static final int SOLVED = 1;
    static final int ASSIGNED = 2;
    static final int NOTES = 3;
    static final int HANDLE_SECONDS = 4;
    private static final int WORK_FIELDS = 5;
    private static final Instant ANY = Instant.EPOCH;

    long created;
    long solved;
    long merged;
    long reopened;
    long fcr;
    long surveysSent;
    long surveysAnswered;
    long botSeen;
    long deflected;
    long noVerdict;
    long handedOver;
    long complaints;
    long complaintSignals;
    long churn;
    /** Set when the engine drops the slice, so a cached reference is not counted into any more. */
    boolean dropped;
    private final @Nullable Seconds[] histograms = new Seconds[HISTOGRAMS];
    /**
     * Per SLA metric: policy → {met, breached}; null until the first SLA measurement. Keyed by the metric and the
     * policy string as they come rather than by a "metric policy" string, which was built and hashed on every SLA
     * event (8 % of the ingestion time).
     */
    private @Nullable EnumMap<SlaMetric, Map<String, long[]>> sla;
    /** [scaleMax][score] for CSAT. */
    private final long[][] csat = new long[11][];
    private final long[] nps = new long[11];
    private final long[] ces = new long[8];
    /* The maps below stay the shared empty map until written: most slices never get a theme or workload. */
    private Map<String, long[]> channels = Map.of();
    private Map<String, long[]> workload = Map.of();
    /** feedback theme → responses whose comment or text answers mention it. */
    private Map<String, long[]> themes = Map.of();

    /** Records a duration of {@code seconds} (whole seconds, as {@link Duration#getSeconds()}). */
    void record(int which, long seconds) {
        Seconds h = histograms[which];
        if (h == null) {
            h = new Seconds();
            histograms[which] = h;
        }
        h.record(seconds);
    }

    void sla(SlaMetric metric, String policy, boolean breached) {
        slaCounts(metric, policy)[breached ? 1 : 0]++;
    }

    private long[] slaCounts(SlaMetric metric, String policy) {
        EnumMap<SlaMetric, Map<String, long[]>> all = sla;
        if (all == null) {
            all = new EnumMap<>(SlaMetric.class);
            sla = all;
        }
        Map<String, long[]> m = all.get(metric);
        if (m == null) {
            m = new HashMap<>(4);
            all.put(metric, m);
        }
        long[] counts = m.get(policy);
        if (counts == null) {
            counts = new long[2];
            m.put(policy, counts);
        }
        return counts;
    }

    void score(QuestionKind kind, int score, int scaleMax) {
        switch (kind) {
            case CSAT -> {
                if (csat[scaleMax] == null) {
                    csat[scaleMax] = new long[scaleMax + 1];
                }
                csat[scaleMax][score]++;
            }
            case NPS -> nps[score]++;
            case CES -> ces[score]++;
            case TEXT -> {
                // no score
            }
        }
    }

    void channel(String channel) {
        channels = writable(channels);
        channels.computeIfAbsent(channel, k -> new long[1])[0]++;
    }

    void theme(String theme) {
        themes = writable(themes);
        themes.computeIfAbsent(theme, k -> new long[1])[0]++;
    }

    void work(String agent, int field) {
        work(agent, field, 1);
    }

    void work(String agent, int field, long amount) {
        workload = writable(workload);
        workload.computeIfAbsent(agent, k -> new long[WORK_FIELDS])[field] += amount;
    }

    private static Map<String, long[]> writable(Map<String, long[]> m) {
        return m instanceof HashMap ? m : new HashMap<>(4);
    }

    void add(Slice o) {
        created += o.created;
        solved += o.solved;
        merged += o.merged;
        reopened += o.reopened;
        fcr += o.fcr;
        surveysSent += o.surveysSent;
        surveysAnswered += o.surveysAnswered;
        botSeen += o.botSeen;
        deflected += o.deflected;
        noVerdict += o.noVerdict;
        handedOver += o.handedOver;
        complaints += o.complaints;
        complaintSignals += o.complaintSignals;
        churn += o.churn;
        for (int i = 0; i < HISTOGRAMS; i++) {
            Seconds h = o.histograms[i];
            if (h != null) {
                if (histograms[i] == null) {
                    histograms[i] = new Seconds();
                }
                histograms[i].add(h);
            }
        }
        EnumMap<SlaMetric, Map<String, long[]>> theirSla = o.sla;
        if (theirSla != null) {
            theirSla.forEach((metric, theirs) -> theirs.forEach((policy, v) -> {
                long[] mine = slaCounts(metric, policy);
                mine[0] += v[0];
                mine[1] += v[1];
            }));
        }
        for (int s = 0; s < csat.length; s++) {
            if (o.csat[s] != null) {
                if (csat[s] == null) {
                    csat[s] = new long[s + 1];
                }
                for (int i = 0; i <= s; i++) {
                    csat[s][i] += o.csat[s][i];
                }
            }
        }
        for (int i = 0; i < nps.length; i++) {
            nps[i] += o.nps[i];
        }
        for (int i = 0; i < ces.length; i++) {
            ces[i] += o.ces[i];
        }
        if (!o.channels.isEmpty()) {
            channels = writable(channels);
            o.channels.forEach((k, v) -> channels.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
        }
        if (!o.themes.isEmpty()) {
            themes = writable(themes);
            o.themes.forEach((k, v) -> themes.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
        }
        if (!o.workload.isEmpty()) {
            workload = writable(workload);
        }
        o.workload.forEach((k, v) -> {
            long[] mine = workload.computeIfAbsent(k, x -> new long[WORK_FIELDS]);
            for (int i = 0; i < WORK_FIELDS; i++) {
                mine[i] += v[i];
            }
        });
    }

    Kpis kpis(boolean business) {
        List<ScoredResponse> scores = new ArrayList<>();
        Channel any = Channel.WEB;
        for (int s = 0; s < csat.length; s++) {
            if (csat[s] != null) {
                for (int score = 1; score <= s; score++) {
                    for (long i = 0; i < csat[s][score]; i++) {
                        scores.add(new ScoredResponse(QuestionKind.CSAT, score, s, any, null, null, ANY));
                    }
                }
            }
        }
        for (int score = 0; score <= 10; score++) {
            for (long i = 0; i < nps[score]; i++) {
                scores.add(new ScoredResponse(QuestionKind.NPS, score, 10, any, null, null, ANY));
            }
        }
        for (int score = 1; score <= 7; score++) {
            for (long i = 0; i < ces[score]; i++) {
                scores.add(new ScoredResponse(QuestionKind.CES, score, 7, any, null, null, ANY));
            }
        }
        List<SlaAttainment> attainment = new ArrayList<>();
        EnumMap<SlaMetric, Map<String, long[]>> slaCounts = sla;
        if (slaCounts != null) {
            // sorted by the metric's name, then the policy
            Map<String, Map<String, long[]>> byName = new TreeMap<>();
            slaCounts.forEach((metric, policies) -> byName.put(metric.name().toLowerCase(Locale.ROOT), policies));
            byName.forEach((metric, policies) -> new TreeMap<>(policies).forEach((policy, v) -> {
                long total = v[0] + v[1];
                attainment.add(new SlaAttainment(metric, policy, v[0], v[1],
                    total == 0 ? null : 100.0 * v[0] / total));
            }));
        }
        Map<String, Long> mix = new TreeMap<>();
        channels.forEach((k, v) -> mix.put(k, v[0]));
        Map<String, Long> themeCounts = new TreeMap<>();
        themes.forEach((k, v) -> themeCounts.put(k, v[0]));
        Map<String, Workload> work = new TreeMap<>();
        workload.forEach((k, v) ->
            work.put(k, new Workload(v[REPLIES], v[SOLVED], v[ASSIGNED], v[NOTES], v[HANDLE_SECONDS])));
        return new Kpis(created, solved, merged, stats(FIRST_REPLY), stats(NEXT_REPLY), stats(RESOLUTION),
            stats(REQUESTER_WAIT), stats(HANDLE),
            business ? stats(FIRST_REPLY_BUSINESS) : null,
            business ? stats(NEXT_REPLY_BUSINESS) : null,
            business ? stats(RESOLUTION_BUSINESS) : null,
            attainment, Ratio.of(reopened, solved), Ratio.of(fcr, solved),
            FeedbackStats.csat(scores), FeedbackStats.nps(scores), FeedbackStats.ces(scores),
            Ratio.of(surveysAnswered, surveysSent), Ratio.of(deflected, botSeen),
            Ratio.of(deflected + noVerdict, botSeen), Ratio.of(handedOver, botSeen), mix,
            Ratio.of(complaints, created), complaintSignals, churn, work, themeCounts);
    }

    private DurationStats stats(int which) {
        Seconds s = histograms[which];
        if (s == null || s.count() == 0) {
            return DurationStats.EMPTY;
        }
        AbstractHistogram h = s.histogram();
        return new DurationStats(h.getTotalCount(), at(h, 50), at(h, 90), at(h, 99));
    }

    private static Duration at(AbstractHistogram h, double percentile) {
        return Duration.ofSeconds(h.lowestEquivalentValue(h.getValueAtPercentile(percentile)));
    }
}
