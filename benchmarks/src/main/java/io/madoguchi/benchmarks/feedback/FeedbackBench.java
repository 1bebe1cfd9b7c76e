package io.madoguchi.benchmarks.feedback;

import io.madoguchi.core.Channel;
import io.madoguchi.core.feedback.FeedbackStats;
import io.madoguchi.core.feedback.FeedbackSummary;
import io.madoguchi.core.feedback.QuestionKind;
import io.madoguchi.core.feedback.ScoredResponse;
import io.madoguchi.core.feedback.text.TextAnalysis;
import io.madoguchi.core.feedback.text.TextAnalyzer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How fast feedback text is analysed (Kuromoji tokenisation, sentiment, themes, complaint cues) and how fast
 * 100,000 scores are aggregated by channel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FeedbackBench {

    private final TextAnalyzer analyzer = TextAnalyzer.defaults();
    private List<ScoredResponse> scores;

    /** Builds 100,000 scores over four channels from a fixed seed. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        Channel[] channels = {Channel.EMAIL, Channel.LINE, Channel.WEB_CHAT, Channel.PHONE};
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        scores = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            Channel c = channels[i % 4];
            scores.add(switch (i % 3) {
                case 0 -> new ScoredResponse(QuestionKind.CSAT, 1 + random.nextInt(5), 5, c, null, null, t);
                case 1 -> new ScoredResponse(QuestionKind.NPS, random.nextInt(11), 10, c, null, null, t);
                default -> new ScoredResponse(QuestionKind.CES, 1 + random.nextInt(7), 7, c, null, null, t);
            });
        }
    }

    /** @return the analysis of a typical Japanese complaint */
    @Benchmark
    public TextAnalysis analyzeJapanese() {
        return analyzer.analyze("配送状況が全く分からず、返金手続きも遅くて満足していません。二度と利用しません。責任者を出してください。");
    }

    /** @return the analysis of a typical English comment */
    @Benchmark
    public TextAnalysis analyzeEnglish() {
        return analyzer.analyze("The delivery status was never updated and the refund request took ages, not happy.");
    }

    /** @return aggregates of 100,000 scores by channel */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Map<String, FeedbackSummary> aggregateByChannel() {
        return FeedbackStats.byChannel(scores);
    }
}
