package io.madoguchi.benchmarks.faq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link FaqMatchBenchmark} at every catalog size, the matcher and plain BM25 of one size right after each
 * other (so both see the same machine load), and prints one markdown table: p50/p99/p99.9 in milliseconds of
 * the matcher, of plain BM25, their ratio, the matcher with the MiniLM reranker (English), and the machine's
 * load average before each size.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.faq.FaqLatencyReport
 * [JMH options, default -f 1 -wi 3 -i 3 -w 5s -r 5s] [-p lang=ja,en] [-p size=10,100,1000,real,10000]
 * [-p data=../shared/data/faq] [--lexical-only]}; with {@code --lexical-only} the reranked matcher is not run.
 * The warm-up is 15 s by default: on two cores the matcher's JIT compilation goes on for about 10 s of matching,
 * and a shorter warm-up left some forks measuring code still being compiled (their iterations falling from 150 to
 * 116 µs at 10 Japanese FAQs).
 */
public final class FaqLatencyReport {

    private static final List<String> LANGS = List.of("ja", "en");
    private static final List<String> SIZES = List.of("10", "100", "1000", "real", "10000");
    private static final String LEXICAL_ONLY = "--lexical-only";

    private FaqLatencyReport() {
    }

    /**
     * Runs the benchmark and prints the table.
     *
     * @param args JMH command-line options
     * @throws CommandLineOptionException if they cannot be parsed
     * @throws RunnerException            if a benchmark fails
     * @throws IOException                if the load average cannot be read
     */
    public static void main(String[] args) throws CommandLineOptionException, RunnerException, IOException {
        List<String> jmhArgs = new ArrayList<>(List.of(args));
        boolean reranked = !jmhArgs.remove(LEXICAL_ONLY);
        CommandLineOptions cli = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        Collection<String> langs = cli.getParameter("lang").orElse(LANGS);
        Collection<String> sizes = cli.getParameter("size").orElse(SIZES);
        String data = cli.getParameter("data").orElse(List.of(SyntheticFaqs.DEFAULT_DATA)).iterator().next();
        List<String> rows = new ArrayList<>();
        rows.add("| lang | FAQs | load | matcher p50 / p99 / p99.9 | plain BM25 p50 / p99 / p99.9 | ratio p50 / p99 "
            + "| matcher + MiniLM p50 / p99 / p99.9 |");
        rows.add("|---|---:|---|---|---|---|---|");
        for (String lang : langs) {
            for (String size : sizes) {
                String load = load();
                String methods = lang.equals("en") && reranked ? "(bm25|matcher|matcherMinilm)" : "(bm25|matcher)";
                Options options = new OptionsBuilder().parent(cli)
                    .include(FaqMatchBenchmark.class.getName() + "\\." + methods + "$")
                    .param("lang", lang).param("size", size).param("data", data)
                    .forks(cli.getForkCount().orElse(1))
                    .warmupIterations(cli.getWarmupIterations().orElse(3))
                    .warmupTime(cli.getWarmupTime().orElse(org.openjdk.jmh.runner.options.TimeValue.seconds(5)))
                    .measurementIterations(cli.getMeasurementIterations().orElse(3))
                    .measurementTime(
                        cli.getMeasurementTime().orElse(org.openjdk.jmh.runner.options.TimeValue.seconds(5)))
                    .build();
                Map<String, Statistics> byMethod = new LinkedHashMap<>();
                for (RunResult r : new Runner(options).run()) {
                    String name = r.getParams().getBenchmark();
                    byMethod.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getStatistics());
                }
                Statistics m = byMethod.get("matcher");
                Statistics b = byMethod.get("bm25");
                Statistics mm = byMethod.get("matcherMinilm");
                rows.add("| " + lang + " | " + faqs(data, lang, size) + " | " + load + " | " + pct(m) + " | " + pct(b)
                    + " | " + String.format("%.2f / %.2f", m.getPercentile(50) / b.getPercentile(50),
                    m.getPercentile(99) / b.getPercentile(99)) + " | " + (mm == null ? "–" : pct(mm)) + " |");
                System.out.println(String.join("\n", rows));
            }
        }
        System.out.println();
        System.out.println(String.join("\n", rows));
        System.out.println("load after: " + load());
    }

    private static String faqs(String data, String lang, String size) {
        try {
            return String.format("%,d", SyntheticFaqs.size(Path.of(data), lang, size));
        } catch (IOException e) {
            return size;
        }
    }

    /** Percentiles of a sample-time result, in microseconds, printed in milliseconds. */
    private static String pct(Statistics s) {
        return String.format("%.3f / %.3f / %.3f", s.getPercentile(50) / 1000, s.getPercentile(99) / 1000,
            s.getPercentile(99.9) / 1000);
    }

    /** @return the 1, 5 and 15-minute load averages, as {@code uptime} prints them */
    static String load() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
