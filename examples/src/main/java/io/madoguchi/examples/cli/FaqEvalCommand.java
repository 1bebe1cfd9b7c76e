package io.madoguchi.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqDecision;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqFileException;
import io.madoguchi.core.faq.FaqFiles;
import io.madoguchi.core.faq.FaqMatch;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.examples.faq.Bm25Baseline;
import io.madoguchi.examples.faq.FaqEvalMetrics;
import io.madoguchi.examples.faq.FaqRerankerProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code madoguchi faq-eval}: measures the FAQ matcher on an evaluation set and prints one JSON object:
 * {@code n, mrr10, hit1, hit5, ndcg10}, the {@code reranker} used ({@code minilm} by default for English
 * when registered, {@code none} otherwise or with {@code --reranker none}), per-query latency
 * {@code query_ms_p50/p99} over {@code query_ms_n} timed matches (after {@code --warmup} seconds of untimed
 * matching, and at least {@value #MIN_TIMED_MATCHES} of them, cycling through the queries); with {@code --oos} the
 * out-of-scope and auto-answer shares; with {@code --baseline} the reference BM25 of the evaluation data's README as
 * {@code baseline_*} with {@code ratio_*}, and the stronger all-text BM25 as the object {@code baseline_alltext}, each
 * with its {@code baseline_definition}. The coverage curve {@code in_scope_answered_at_p90} / {@code _p95}: the largest
 * share of in-scope queries a confidence threshold ({@code threshold_at_p90} / {@code _p95}) answers with at least 90%
 * / 95% of them right, and with {@code --oos} the share of out-of-scope queries that threshold answers
 * ({@code oos_answered_at_p90} / {@code _p95}); with {@code --oos} also {@code in_scope_answered_at_p90_oos95} /
 * {@code _p95_oos95}, the largest share a threshold ({@code threshold_at_p90_oos95} / {@code _p95_oos95}) answers at
 * that precision while declining at least 95% of the out-of-scope queries.
 *
 * <p>Bad input (a missing file, a line that is not a JSON object, a missing or wrongly typed field, a relevant
 * id no FAQ has, an empty file, duplicate FAQ ids, an FAQ without an answer) prints one line
 * {@code error: FILE: line N, field 'F': problem} and exits with 2.
 */
@Command(name = "faq-eval", mixinStandardHelpOptions = true,
    description = {"Evaluates FAQ matching (MRR@10, Hit@1, Hit@5, nDCG@10, the share answered at 90%% and 95%%"
            + " precision, out-of-scope handling, a BM25 baseline) and prints one JSON object on one line.",
        "FAQs: one JSON object a line, {\"id\", \"question\", \"answer\"[, \"examples\": [...]][, \"locale\"]}.",
        "Queries: {\"qid\", \"query\", \"relevant\": [FAQ ids][, \"grades\": {id: 2|1}]}; out-of-scope queries"
            + " have no relevant FAQ.",
        "Exit codes: 0 report printed, 2 bad input (the file, line and field are named)."})
public final class FaqEvalCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = CliJson.MAPPER;

    /** The reranker used for English when none is named and it is registered. */
    static final String DEFAULT_RERANKER = "minilm";

    private static final String NONE = "none";

    /** Fewest matches timed for the latency percentiles, whatever the number of queries. */
    static final int MIN_TIMED_MATCHES = 1_000;

    private static final int MAX_WARMUP_SECONDS = 600;

    @Spec
    private CommandSpec spec;

    @Option(names = "--faqs", required = true, description = "FAQs as JSON lines")
    private Path faqs;

    @Option(names = "--queries", required = true,
            description = "queries as JSON lines (qid, query, relevant[, grades])")
    private Path queries;

    @Option(names = "--oos", description = "out-of-scope queries as JSON lines")
    private Path oos;

    @Option(names = "--baseline",
        description = "also evaluate plain BM25 (the data README's reference, and all text in "
                + "one field) in the same run and print ratios")
    private boolean baseline;

    @Option(names = "--lang", paramLabel = "ja|en", description = "language of the FAQs and queries, ja or en "
        + "(default: ja when any FAQ question contains Japanese script, else en); FAQ lines may override it with "
                + "locale")
    private String lang;

    @Option(names = "--reranker", description = "name of a registered reranker, or none (default: " + DEFAULT_RERANKER
        + " for English when registered, none for other languages)")
    private String rerankerName;

    @Option(names = "--rerank-depth", hidden = true,
            description = "lexical candidates re-scored (default: the provider's)")
    private Integer rerankDepth;

    @Option(names = "--warmup", description = "seconds of untimed matching (cycling through the queries) before "
        + "latency is timed (default: ${DEFAULT-VALUE})")
    private double warmupSeconds = 5;

    @Option(names = "--features", hidden = true, description = "write calibration features as TSV (for fitting)")
    private Path featuresOut;

    private record Query(int line, String text, Set<String> relevant, Map<String, Integer> grades) {
    }

    /** Bad input in one file: printed as {@code error: FILE: problem}, exit code 2. */
    private static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(Path file, String problem) {
            super(file + ": " + problem);
        }
    }

    @Override
    public Integer call() throws IOException {
        try {
            return evaluate();
        } catch (BadInput e) {
            // FILE: line N, field 'F': problem, as every madoguchi command reports bad input
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
    }

    private int evaluate() throws IOException, BadInput {
        PrintWriter out = spec.commandLine().getOut();
        if (lang != null && !lang.equals("ja") && !lang.equals("en")) {
            spec.commandLine().getErr().println("error: --lang must be ja or en; was '" + lang + "'");
            return 2;
        }
        if (!(warmupSeconds >= 0 && warmupSeconds <= MAX_WARMUP_SECONDS)) {
            spec.commandLine().getErr().println("error: --warmup must be between 0 and " + MAX_WARMUP_SECONDS
                + " seconds; was " + warmupSeconds);
            return 2;
        }
        if (featuresOut != null) {
            Path parent = featuresOut.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                // found before the evaluation, not after minutes of it
                spec.commandLine().getErr().println("error: --features: cannot write '" + featuresOut
                    + "' (no directory " + parent + ")");
                return 2;
            }
        }
        List<FaqEntry> entries = readFaqs(faqs, lang == null ? null : Locale.forLanguageTag(lang));
        Set<String> faqIds = new HashSet<>();
        entries.forEach(e -> faqIds.add(e.id()));
        boolean japanese = lang != null ? lang.equals("ja")
            : entries.stream().anyMatch(e -> FaqFiles.detect(e.question()).equals(Locale.JAPANESE));
        Locale locale = japanese ? Locale.JAPANESE : Locale.ENGLISH;
        List<FaqEntry> localized = entries.stream().map(e -> new FaqEntry(e.id(), locale, e.question(), e.phrasings(),
            e.answer(), e.links(), e.category(), e.tags(), true, 0)).toList();
        FaqCatalog catalog = new FaqCatalog();
        TenantId tenant = TenantId.of("eval");
        catalog.putAll(tenant, localized);
        FaqMatcher.Builder builder = FaqMatcher.builder(catalog);
        String used = rerankerName != null ? rerankerName
            : locale.getLanguage().equals("en") && FaqRerankerProvider.find(DEFAULT_RERANKER).isPresent()
                ? DEFAULT_RERANKER : NONE;
        int depth = 0;
        if (!used.equals(NONE)) {
            FaqRerankerProvider p = FaqRerankerProvider.find(used).orElseThrow(() ->
                new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown reranker '" + rerankerName + "', registered: "
                    + FaqRerankerProvider.names() + " or none"));
            depth = rerankDepth != null ? rerankDepth : p.depth();
            builder.reranker(p.create(), p.weight(), depth);
            p.calibration(locale).ifPresent(c -> builder.calibration(locale, c));
        }
        List<Query> inScope = readQueries(queries, faqIds, true);
        List<Query> outOfScope = oos == null ? List.of() : readQueries(oos, faqIds, false);
        ObjectNode result = JSON.createObjectNode();
        result.put("lang", locale.getLanguage());
        result.put("reranker", used);
        if (depth > 0) {
            result.put("rerank_depth", depth);
        }
        List<String> features = new ArrayList<>();
        try (FaqMatcher matcher = builder.build()) {
            FaqEvalMetrics m = new FaqEvalMetrics();
            int answered = 0;
            int answeredCorrect = 0;
            warmUp(matcher, tenant, locale, inScope);
            long[] nanos = new long[inScope.size()];
            double[] inConfidence = new double[inScope.size()];
            boolean[] inCorrect = new boolean[inScope.size()];
            for (int i = 0; i < inScope.size(); i++) {
                Query q = inScope.get(i);
                long start = System.nanoTime();
                FaqMatch match = match(matcher, tenant, q, locale, queries);
                nanos[i] = System.nanoTime() - start;
                inConfidence[i] = match.confidence();
                List<String> ids = match.candidates().stream().map(s -> s.entry().id()).toList();
                m.add(ids, q.relevant(), q.grades());
                boolean correct = !ids.isEmpty() && q.relevant().contains(ids.get(0));
                inCorrect[i] = correct;
                if (match.decision() == FaqDecision.ANSWER) {
                    answered++;
                    answeredCorrect += correct ? 1 : 0;
                }
                features.add((correct ? "1" : "0") + "\tin\t" + String.join("\t",
                    match.features().values().stream().map(String::valueOf).toList()));
            }
            put(result, "", m);
            putLatency(result, timeMore(matcher, tenant, locale, inScope, nanos));
            double[] oosConfidence = new double[outOfScope.size()];
            if (oos != null) {
                int oosAnswered = 0;
                int oosHandedOver = 0;
                for (int i = 0; i < outOfScope.size(); i++) {
                    Query q = outOfScope.get(i);
                    FaqMatch match = match(matcher, tenant, q, locale, oos);
                    oosConfidence[i] = match.confidence();
                    oosAnswered += match.decision() == FaqDecision.ANSWER ? 1 : 0;
                    oosHandedOver += match.decision() == FaqDecision.HAND_OVER ? 1 : 0;
                    features.add("0\toos\t" + String.join("\t",
                        match.features().values().stream().map(String::valueOf).toList()));
                }
                result.put("oos_n", outOfScope.size());
                result.put("oos_declined", share(outOfScope.size() - oosAnswered, outOfScope.size()));
                result.put("oos_handed_over", share(oosHandedOver, outOfScope.size()));
                result.put("in_scope_answered", share(answered, inScope.size()));
                result.put("in_scope_answer_precision", share(answeredCorrect, answered));
            }
            for (int percent : new int[] {90, 95}) {
                FaqEvalMetrics.Coverage c = FaqEvalMetrics.coverageAtPrecision(inConfidence,
                        inCorrect, percent / 100.0);
                result.put("in_scope_answered_at_p" + percent, round(c.answered()));
                result.put("threshold_at_p" + percent, round(c.threshold()));
                if (oos != null) {
                    result.put("oos_answered_at_p" + percent, share(
                        (int) Arrays.stream(oosConfidence).filter(x -> x >= c.threshold()).count(), outOfScope.size()));
                    // the goal's figure: the same precision with at least 95% of the out-of-scope queries declined
                    FaqEvalMetrics.Coverage d = FaqEvalMetrics.coverageAtPrecision(inConfidence, inCorrect,
                        percent / 100.0, oosConfidence, 0.05);
                    result.put("in_scope_answered_at_p" + percent + "_oos95", round(d.answered()));
                    result.put("threshold_at_p" + percent + "_oos95", round(d.threshold()));
                }
            }
        }
        if (baseline) {
            FaqEvalMetrics b = evaluate(localized, japanese, Bm25Baseline.Variant.REFERENCE, inScope);
            put(result, "baseline_", b);
            result.put("baseline_definition", Bm25Baseline.Variant.REFERENCE.definition());
            result.put("ratio_mrr10", round(result.get("mrr10").asDouble() / b.mrr10()));
            result.put("ratio_hit1", round(result.get("hit1").asDouble() / b.hit1()));
            result.put("ratio_hit5", round(result.get("hit5").asDouble() / b.hit5()));
            result.put("ratio_ndcg10", round(result.get("ndcg10").asDouble() / b.ndcg10()));
            FaqEvalMetrics all = evaluate(localized, japanese, Bm25Baseline.Variant.ALL_TEXT, inScope);
            ObjectNode allText = result.putObject("baseline_alltext");
            put(allText, "", all);
            allText.put("baseline_definition", Bm25Baseline.Variant.ALL_TEXT.definition());
            allText.put("ratio_mrr10", round(result.get("mrr10").asDouble() / all.mrr10()));
        }
        if (featuresOut != null) {
            try {
                Files.write(featuresOut, features, StandardCharsets.UTF_8);
            } catch (IOException e) {
                spec.commandLine().getErr().println("error: --features: cannot write '" + featuresOut + "' ("
                    + e.getClass().getSimpleName() + ")");
                return 2;
            }
        }
        CliJson.print(out, result);
        return 0;
    }

    private static FaqEvalMetrics evaluate(List<FaqEntry> faqs, boolean japanese, Bm25Baseline.Variant variant,
                                           List<Query> inScope) {
        FaqEvalMetrics m = new FaqEvalMetrics();
        try (Bm25Baseline bm25 = new Bm25Baseline(faqs, japanese, variant)) {
            for (Query q : inScope) {
                m.add(bm25.rank(q.text(), 10), q.relevant(), q.grades());
            }
        }
        return m;
    }

    /**
     * Matches the in-scope queries, cycling through them, untimed, for {@code --warmup} seconds: the same
     * time whether the catalog holds 12 FAQs or 10,000, so the JIT has compiled the matcher and the
     * percentiles describe a running matcher rather than a cold JVM.
     */
    private void warmUp(FaqMatcher matcher, TenantId tenant, Locale locale, List<Query> inScope) throws BadInput {
        if (inScope.isEmpty() || warmupSeconds == 0) {
            return;
        }
        long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = 0; System.nanoTime() - end < 0; i = (i + 1) % inScope.size()) {
            match(matcher, tenant, inScope.get(i), locale, queries);
        }
    }

    /**
     * Times further passes over the queries until at least {@value #MIN_TIMED_MATCHES} matches were timed, so that
     * the percentiles of a small evaluation set rest on as many samples as those of a large one.
     *
     * @return the times of the evaluated pass followed by the extra ones
     */
    private long[] timeMore(FaqMatcher matcher, TenantId tenant, Locale locale, List<Query> inScope, long[] evaluated)
        throws BadInput {
        if (inScope.isEmpty() || evaluated.length >= MIN_TIMED_MATCHES) {
            return evaluated;
        }
        long[] all = Arrays.copyOf(evaluated, MIN_TIMED_MATCHES);
        for (int i = evaluated.length; i < all.length; i++) {
            Query q = inScope.get(i % inScope.size());
            long start = System.nanoTime();
            match(matcher, tenant, q, locale, queries);
            all[i] = System.nanoTime() - start;
        }
        return all;
    }

    /** Wall-clock time of the matcher per timed in-scope match (lexical stage plus reranker, if any). */
    private static void putLatency(ObjectNode o, long[] nanos) {
        if (nanos.length == 0) {
            return;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        o.put("query_ms_p50", round(sorted[(sorted.length - 1) / 2] / 1e6));
        o.put("query_ms_p99", round(sorted[(int) Math.ceil(0.99 * sorted.length) - 1] / 1e6));
        o.put("query_ms_n", sorted.length);
    }

    private static FaqMatch match(FaqMatcher matcher, TenantId tenant, Query q, Locale locale, Path file)
        throws BadInput {
        try {
            return matcher.match(tenant, q.text(), locale);
        } catch (ValidationException e) {
            throw new BadInput(file, "line " + q.line() + ", field 'query': " + e.violations().get(0).message());
        }
    }

    private static List<FaqEntry> readFaqs(Path path, Locale locale) throws IOException, BadInput {
        // decoded line by line (BOM dropped, the first line that is not UTF-8 named); the lines are kept, blank
        // ones included, so that FaqFiles numbers them as the file does
        List<String> lines = lines(path);
        try (Reader r = new StringReader(String.join("\n", lines))) {
            return FaqFiles.readJsonl(r, locale);
        } catch (FaqFileException e) {
            throw new BadInput(path, e.describe());
        } catch (IOException | UncheckedIOException e) {
            throw new BadInput(path, "cannot be read (" + e.getMessage() + ")");
        }
    }

    private static List<String> lines(Path path) throws BadInput {
        try {
            return Utf8Lines.readAll(path);
        } catch (NoSuchFileException e) {
            throw new BadInput(path, "no such file");
        } catch (Utf8Lines.NotUtf8Exception e) {
            throw new BadInput(path, e.getMessage());
        } catch (IOException e) {
            throw new BadInput(path, "cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads queries: {@code query} a non-blank string; {@code relevant} an array of FAQ ids, non-empty for
     * in-scope queries and empty or absent for out-of-scope ones; {@code grades} optional, an object from FAQ
     * id to an integer grade.
     */
    private static List<Query> readQueries(Path path, Set<String> faqIds, boolean inScope)
        throws IOException, BadInput {
        List<String> lines = lines(path);
        List<Query> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank()) {
                out.add(query(path, i + 1, line, faqIds, inScope));
            }
        }
        if (out.isEmpty()) {
            throw new BadInput(path, "contains no queries");
        }
        return out;
    }

    private static Query query(Path path, int line, String text, Set<String> faqIds, boolean inScope)
        throws BadInput {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInput(path, "line " + line + ": is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (n == null || !n.isObject()) {
            throw new BadInput(path, "line " + line + ": must be a JSON object");
        }
        String where = "line " + line + ", field ";
        JsonNode query = n.get("query");
        if (query == null || query.isNull()) {
            throw new BadInput(path, where + "'query': is required");
        }
        if (!query.isTextual() || query.textValue().isBlank()) {
            throw new BadInput(path, where + "'query': must be a non-blank string; was " + query);
        }
        Set<String> relevant = new LinkedHashSet<>();
        JsonNode rel = n.get("relevant");
        if (rel != null && !rel.isNull()) {
            if (!rel.isArray()) {
                throw new BadInput(path, where + "'relevant': must be an array of FAQ ids; was " + rel);
            }
            for (JsonNode x : rel) {
                if (!x.isTextual()) {
                    throw new BadInput(path, where + "'relevant': must be an array of FAQ ids; has " + x);
                }
                if (!faqIds.contains(x.textValue())) {
                    throw new BadInput(path, where + "'relevant': unknown FAQ id '" + x.textValue() + "'");
                }
                relevant.add(x.textValue());
            }
        }
        if (inScope && relevant.isEmpty()) {
            throw new BadInput(path, where + "'relevant': " + (rel == null || rel.isNull() ? "is required"
                : "must name at least one FAQ (out-of-scope queries go to --oos)"));
        }
        if (!inScope && !relevant.isEmpty()) {
            throw new BadInput(path, where + "'relevant': must be empty for an out-of-scope query");
        }
        Map<String, Integer> grades = new HashMap<>();
        JsonNode g = n.get("grades");
        if (g != null && !g.isNull()) {
            if (!g.isObject()) {
                throw new BadInput(path, where + "'grades': must be an object from FAQ id to grade; was " + g);
            }
            for (var it = g.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!faqIds.contains(e.getKey())) {
                    throw new BadInput(path, where + "'grades': unknown FAQ id '" + e.getKey() + "'");
                }
                if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToInt()) {
                    throw new BadInput(path, where + "'grades': grade of '" + e.getKey() + "' must be an integer; was "
                        + e.getValue());
                }
                grades.put(e.getKey(), e.getValue().intValue());
            }
        }
        return new Query(line, query.textValue(), relevant, grades);
    }

    private static void put(ObjectNode o, String prefix, FaqEvalMetrics m) {
        o.put(prefix + "n", m.n());
        o.put(prefix + "mrr10", round(m.mrr10()));
        o.put(prefix + "hit1", round(m.hit1()));
        o.put(prefix + "hit5", round(m.hit5()));
        o.put(prefix + "ndcg10", round(m.ndcg10()));
    }

    private static double share(int a, int b) {
        return b == 0 ? 0 : round((double) a / b);
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
