package io.madoguchi.metrics;

import io.madoguchi.core.Channel;
import io.madoguchi.core.feedback.FeedbackStats;
import io.madoguchi.core.feedback.QuestionKind;
import io.madoguchi.core.feedback.ScoredResponse;
import io.madoguchi.core.sla.SlaMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final String[] NO_NAMES = {};
    private static final long[] NO_COUNTS = {};
    private static final SlaMetric[] NO_METRICS = {};

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
     * SLA counts: entry {@code i} is metric {@code slaMetrics[i]} under policy {@code slaPolicies[i]}, met
     * {@code slaCounts[2i]} and breached {@code slaCounts[2i + 1]} times; in the order first seen and sorted when read.
     * A slice sees a few metrics and policies, so a scan is cheaper than the map per metric it replaces (a map lookup
     * and, per new slice, two maps made were 6 % of the ingestion time).
     */
    private SlaMetric[] slaMetrics = NO_METRICS;
    private String[] slaPolicies = NO_NAMES;
    private long[] slaCounts = NO_COUNTS;
    private int slaN;
    /** [scaleMax][score] for CSAT. */
    /** Survey scores; null until the first (most slices never get one, and these arrays were most of a slice). */
    private @Nullable Scores scores;
    /* The maps below stay the shared empty map until written: most slices never get a theme or workload. */
    /**
     * Channel mix: {@code channelCounts[i]} tickets created in channel {@code channelNames[i]}, in the order first
     * seen (a slice sees a few channels; the map per slice it replaces cost 7 % of the ingestion time).
     */
    private String[] channelNames = NO_NAMES;
    private long[] channelCounts = NO_COUNTS;
    private int channelN;
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
        int i = slaEntry(metric, policy); // first: it may grow the array
        slaCounts[2 * i + (breached ? 1 : 0)]++;
    }

    /** @return the index of the metric and policy's entry, added when new */
    private int slaEntry(SlaMetric metric, String policy) {
        for (int i = 0; i < slaN; i++) {
            if (slaMetrics[i] == metric && slaPolicies[i].equals(policy)) {
                return i;
            }
        }
        if (slaN == slaMetrics.length) {
            int size = Math.max(2, slaN * 2);
            slaMetrics = Arrays.copyOf(slaMetrics, size);
            slaPolicies = Arrays.copyOf(slaPolicies, size);
            slaCounts = Arrays.copyOf(slaCounts, 2 * size);
        }
        slaMetrics[slaN] = metric;
        slaPolicies[slaN] = policy;
        return slaN++;
    }

    void score(QuestionKind kind, int score, int scaleMax) {
        Scores sc = scores();
        long[][] csat = sc.csat;
        switch (kind) {
            case CSAT -> {
                if (csat[scaleMax] == null) {
                    csat[scaleMax] = new long[scaleMax + 1];
                }
                csat[scaleMax][score]++;
            }
            case NPS -> sc.nps[score]++;
            case CES -> sc.ces[score]++;
            case TEXT -> {
                // no score
            }
        }
    }

    void channel(String channel) {
        channel(channel, 1);
    }

    private void channel(String channel, long count) {
        for (int i = 0; i < channelN; i++) {
            if (channelNames[i].equals(channel)) {
                channelCounts[i] += count;
                return;
            }
        }
        if (channelN == channelNames.length) {
            int size = Math.max(2, channelN * 2);
            channelNames = Arrays.copyOf(channelNames, size);
            channelCounts = Arrays.copyOf(channelCounts, size);
        }
        channelNames[channelN] = channel;
        channelCounts[channelN++] = count;
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
        for (int i = 0; i < o.slaN; i++) {
            int mine = slaEntry(o.slaMetrics[i], o.slaPolicies[i]);
            slaCounts[2 * mine] += o.slaCounts[2 * i];
            slaCounts[2 * mine + 1] += o.slaCounts[2 * i + 1];
        }
        Scores theirs = o.scores;
        if (theirs != null) {
            scores().add(theirs);
        }
        for (int i = 0; i < o.channelN; i++) {
            channel(o.channelNames[i], o.channelCounts[i]);
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
        Scores sc = this.scores;
        if (sc != null) {
            sc.responses(scores);
        }
        List<SlaAttainment> attainment = new ArrayList<>();
        // sorted by the metric's name, then the policy
        Map<String, Map<String, Integer>> byName = new TreeMap<>();
        for (int i = 0; i < slaN; i++) {
            byName.computeIfAbsent(slaMetrics[i].name().toLowerCase(Locale.ROOT), k -> new TreeMap<>())
                .put(slaPolicies[i], i);
        }
        byName.forEach((metric, policies) -> policies.forEach((policy, i) -> {
            long met = slaCounts[2 * i];
            long breached = slaCounts[2 * i + 1];
            long total = met + breached;
            attainment.add(new SlaAttainment(metric, policy, met, breached, total == 0 ? null : 100.0 * met / total));
        }));
        Map<String, Long> mix = new TreeMap<>();
        for (int i = 0; i < channelN; i++) {
            mix.put(channelNames[i], channelCounts[i]);
        }
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

    private Scores scores() {
        Scores sc = scores;
        if (sc == null) {
            sc = new Scores();
            scores = sc;
        }
        return sc;
    }

    /** Survey score counts. */
    private static final class Scores {
        /** [scaleMax][score] for CSAT. */
        final long[][] csat = new long[11][];
        final long[] nps = new long[11];
        final long[] ces = new long[8];

        void add(Scores o) {
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
        }

        void responses(List<ScoredResponse> scores) {
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
        }
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
