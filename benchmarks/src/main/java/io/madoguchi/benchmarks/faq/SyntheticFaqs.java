package io.madoguchi.benchmarks.faq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Builds FAQ catalogs of a given size from the real evaluation sets: a seeded sample of the real FAQs for
 * smaller sizes, and for larger ones every real FAQ plus variations that mix the question of one FAQ with
 * phrasings and answers of others and add a product code, until the target size.
 */
final class SyntheticFaqs {

    static final String DEFAULT_DATA = "../shared/data/faq";

    private static final long SEED = 17;

    private SyntheticFaqs() {
    }

    static List<String> sets(String lang) {
        return lang.equals("ja") ? List.of("ja_localgovfaq")
            : List.of("en_banking77", "en_clinc150", "en_hint3_curekart", "en_stackfaq");
    }

    /**
     * A catalog of exactly {@code size} FAQs of a language: the real FAQs of all its sets when {@code size}
     * equals their number (ja 1,786; en 380 over four sets), a seeded random sample of them (kept in file
     * order, the same for every run) when smaller, and all of them plus synthesized variations when larger.
     *
     * @param data the evaluation data directory
     * @param lang ja or en
     * @param size the number of FAQs, at least 1
     * @return the FAQs, ids prefixed with their set
     * @throws IOException if the data cannot be read
     */
    static List<FaqEntry> faqs(Path data, String lang, int size) throws IOException {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, was " + size);
        }
        List<FaqEntry> real = real(data, lang);
        if (size <= real.size()) {
            return sample(real, size);
        }
        return synthesize(real, lang, size);
    }

    /**
     * Resolves a catalog size as benchmarks take it: a number, or {@code real} for all real FAQs of the
     * language.
     *
     * @param data the evaluation data directory
     * @param lang ja or en
     * @param spec a number or {@code real}
     * @return the number of FAQs
     * @throws IOException if the data cannot be read
     */
    static int size(Path data, String lang, String spec) throws IOException {
        return spec.equals("real") ? real(data, lang).size() : Integer.parseInt(spec);
    }

    private static List<FaqEntry> real(Path data, String lang) throws IOException {
        Locale locale = Locale.forLanguageTag(lang);
        List<FaqEntry> real = new ArrayList<>();
        for (String set : sets(lang)) {
            try (Reader r = Files.newBufferedReader(data.resolve(set).resolve("faqs.jsonl"), StandardCharsets.UTF_8)) {
                for (FaqEntry e : FaqFiles.readJsonl(r, locale)) {
                    real.add(FaqEntry.builder(set + "/" + e.id()).locale(locale).question(e.question())
                        .phrasings(e.phrasings()).answer(e.answer()).build());
                }
            }
        }
        return real;
    }

    /** {@code size} of the FAQs chosen with a fixed seed, in their original order. */
    private static List<FaqEntry> sample(List<FaqEntry> real, int size) {
        if (size == real.size()) {
            return real;
        }
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < real.size(); i++) {
            picks.add(i);
        }
        Collections.shuffle(picks, new Random(SEED));
        List<Integer> kept = new ArrayList<>(picks.subList(0, size));
        Collections.sort(kept);
        return kept.stream().map(real::get).toList();
    }

    /** Every real FAQ plus variations mixing the question of one with phrasings and answers of others. */
    private static List<FaqEntry> synthesize(List<FaqEntry> real, String lang, int size) {
        Locale locale = Locale.forLanguageTag(lang);
        List<FaqEntry> out = new ArrayList<>(real);
        int n = real.size();
        for (int i = 0; out.size() < size; i++) {
            FaqEntry a = real.get(i % n);
            FaqEntry b = real.get((i * 7 + 3) % n);
            FaqEntry c = real.get((i * 13 + 5) % n);
            String code = (lang.equals("ja") ? " 型番" : " model ") + "X" + i;
            List<String> phrasings = new ArrayList<>();
            phrasings.addAll(b.phrasings().subList(0, Math.min(2, b.phrasings().size())));
            phrasings.add(c.question());
            out.add(FaqEntry.builder("syn" + i).locale(locale).question(a.question() + code).phrasings(phrasings)
                .answer(c.answer()).build());
        }
        return out;
    }

    /** A labelled query of an evaluation set: its id, text and the ids of the FAQs that answer it. */
    record EvalQuery(String id, String text, Set<String> relevant) {
    }

    /**
     * Reads a {@code queries.jsonl} (or {@code queries_oos.jsonl}) file of the evaluation data.
     *
     * @param file the file
     * @return its queries, in file order
     * @throws IOException if it cannot be read
     */
    static List<EvalQuery> evalQueries(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<EvalQuery> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                JsonNode n = json.readTree(line);
                Set<String> relevant = new HashSet<>();
                n.path("relevant").forEach(x -> relevant.add(x.asText()));
                out.add(new EvalQuery(n.path("qid").asText(), n.get("query").asText(), relevant));
            }
        }
        return out;
    }

    static List<String> queries(Path data, String lang) throws IOException {
        List<String> out = new ArrayList<>();
        for (String set : sets(lang)) {
            evalQueries(data.resolve(set).resolve("queries.jsonl")).forEach(q -> out.add(q.text()));
        }
        return out;
    }
}
