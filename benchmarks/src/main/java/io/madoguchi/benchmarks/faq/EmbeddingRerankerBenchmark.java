package io.madoguchi.benchmarks.faq;

import io.madoguchi.core.faq.FaqReranker.Candidate;
import io.madoguchi.examples.faq.embedding.EmbeddingFaqReranker;
import io.madoguchi.examples.faq.embedding.EmbeddingModel;
import io.madoguchi.examples.faq.embedding.SentenceEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Query-time cost of the embedding reranker on one ONNX Runtime thread: embedding one query, and
 * re-scoring a lexical top-{@code depth} whose FAQ vectors are already cached (what a query pays on
 * top of the lexical matcher; {@code faq-eval} re-scores 100 by default). Sample mode reports p50/p99.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EmbeddingRerankerBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EmbeddingRerankerBenchmark {

    private static final String[] QUERIES = {
        "I still have not received my new card, I ordered over a week ago.",
        "How do I reset my password?",
        "Why was I charged a fee for topping up with my card when I thought it was free?",
        "cancel order",
    };

    @Param({"minilm"})
    public String model;

    @Param({"30", "100", "200"})
    public int depth;

    private SentenceEncoder encoder;
    private EmbeddingFaqReranker reranker;
    private List<Candidate> top;
    private int next;

    /** Loads the model and embeds {@code depth} five-phrasing FAQs once. */
    @Setup(Level.Trial)
    public void setUp() {
        encoder = SentenceEncoder.load(EmbeddingModel.byShortName(model), 1);
        reranker = EmbeddingFaqReranker.builder(encoder).build();
        String[] topics = {"card", "password", "refund", "delivery", "account", "fee", "transfer",
            "pin", "address", "exchange rate"};
        top = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            String t = topics[i % topics.length];
            String n = " " + (i / topics.length);
            List<String> phrasings = List.of("How do I change my " + t + n + "?", "Problem with my " + t + n,
                "My " + t + n + " does not work", "Can you help me with the " + t + n + " please",
                "Where can I see my " + t + n);
            top.add(new Candidate("faq" + i, 1, phrasings.get(0), phrasings, "", depth - i));
        }
        reranker.prepare(Locale.ENGLISH, top);
    }

    /** Frees the native session. */
    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
    }

    private String nextQuery() {
        next = (next + 1) % QUERIES.length;
        return QUERIES[next];
    }

    /** Tokenize and run the model on one query. */
    @Benchmark
    public float[] embedQuery() {
        return encoder.embed(nextQuery());
    }

    /** Embed the query and score {@code depth} cached candidates. */
    @Benchmark
    public double[] rerank() {
        return reranker.score(nextQuery(), Locale.ENGLISH, top);
    }
}
