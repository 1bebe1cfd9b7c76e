package io.madoguchi.benchmarks.faq;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.faq.internal.FaqAnalysis;
import io.madoguchi.core.faq.internal.LuceneFaqIndex;
import io.madoguchi.examples.faq.Bm25Baseline;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Times every query of {@link FaqMatchBenchmark}'s set separately, alternating with plain BM25
 * ({@link Bm25Baseline.Variant#ALL_TEXT}) over the same FAQs, and prints both distributions, the slowest matcher
 * queries with their term counts and per-stage times, and MRR@10 of the real FAQs inside the catalog (finds the
 * outliers behind p99).
 * {@code java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.faq.FaqQueryProfile en DATA [SIZE|real]}
 * (size 10,000 unless given).
 */
public final class FaqQueryProfile {

    private FaqQueryProfile() {
    }

    public static void main(String[] args) throws Exception {
        String lang = args.length > 0 ? args[0] : "en";
        Path data = Path.of(args.length > 1 ? args[1] : "/work/shared/data/faq");
        int size = args.length > 2 ? SyntheticFaqs.size(data, lang, args[2]) : 10_000;
        Locale locale = Locale.forLanguageTag(lang);
        List<FaqEntry> faqs = SyntheticFaqs.faqs(data, lang, size);
        List<String> queries = SyntheticFaqs.queries(data, lang);
        FaqCatalog catalog = new FaqCatalog();
        TenantId t = TenantId.of("bench");
        catalog.putAll(t, faqs);
        FaqMatcher matcher = FaqMatcher.builder(catalog).build();
        LuceneFaqIndex index = new LuceneFaqIndex(FaqAnalysis.forLanguage(lang), LuceneFaqIndex.Params.defaults(lang));
        index.upsert(faqs);
        LuceneFaqIndex.Params d = LuceneFaqIndex.Params.defaults(lang);
        // the same index without the n-gram field's clauses, to see their share of the search
        LuceneFaqIndex noGrams = new LuceneFaqIndex(FaqAnalysis.forLanguage(lang),
            new LuceneFaqIndex.Params(d.k1(), d.b(), d.question(), d.phrasings(), d.answer(), d.reading(), 0,
                d.gramK1(), d.fuzzy()));
        noGrams.upsert(faqs);
        Bm25Baseline bm25 = new Bm25Baseline(faqs, lang.equals("ja"), Bm25Baseline.Variant.ALL_TEXT);
        int n = queries.size();
        int passes = 5;
        for (int p = 0; p < 3; p++) {
            for (String q : queries) {
                matcher.match(t, q, locale);
                bm25.rank(q, 10);
            }
        }
        long[][] total = new long[passes][n];
        long[][] plainTimes = new long[passes][n];
        long gcCount = gc()[0];
        long gcTime = gc()[1];
        long t0 = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                matcher.match(t, queries.get(i), locale);
                total[p][i] = System.nanoTime() - s;
                s = System.nanoTime();
                bm25.rank(queries.get(i), 10);
                plainTimes[p][i] = System.nanoTime() - s;
            }
        }
        long wall = System.nanoTime() - t0;
        long[] g = gc();
        long[] all = Arrays.stream(total).flatMapToLong(Arrays::stream).sorted().toArray();
        long[] plain = Arrays.stream(plainTimes).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("lang=%s faqs=%d queries=%d all samples: p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f ms; "
            + "gc %d in %d ms over %.1f s%n",
            lang, faqs.size(), n, ms(all, 0.5), ms(all, 0.9), ms(all, 0.99), ms(all, 0.999), all[all.length - 1] / 1e6,
            g[0] - gcCount, g[1] - gcTime, wall / 1e9);
        System.out.printf("plain BM25, same queries alternating: p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f ms; "
                + "matcher/plain p50 %.2f p99 %.2f%n", ms(plain, 0.5), ms(plain, 0.9), ms(plain, 0.99),
            ms(plain, 0.999), ms(all, 0.5) / ms(plain, 0.5), ms(all, 0.99) / ms(plain, 0.99));
        long[] mins = perQueryMin(total);
        long[] sortedMins = mins.clone();
        Arrays.sort(sortedMins);
        long[] plainMins = perQueryMin(plainTimes);
        Arrays.sort(plainMins);
        // the fastest of each query's passes: what it costs when nothing else is running
        System.out.printf("per-query min: p50=%.3f p90=%.3f p99=%.3f max=%.3f ms; plain BM25 p50=%.3f p90=%.3f "
                + "p99=%.3f max=%.3f ms; matcher/plain p50 %.2f p99 %.2f%n",
            ms(sortedMins, 0.5), ms(sortedMins, 0.9), ms(sortedMins, 0.99), sortedMins[n - 1] / 1e6,
            ms(plainMins, 0.5), ms(plainMins, 0.9), ms(plainMins, 0.99), plainMins[n - 1] / 1e6,
            ms(sortedMins, 0.5) / ms(plainMins, 0.5), ms(sortedMins, 0.99) / ms(plainMins, 0.99));
        // stage timings on the slowest
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> -mins[i]));
        for (int k = 0; k < 25; k++) {
            int i = order.get(k);
            String q = queries.get(i);
            long[] st = stages(index, q);
            LuceneFaqIndex.ParsedQuery pq = index.parse(q, List.of());
            System.out.printf("%.3f ms [parse %.3f search %.3f cov %.3f] len=%d words=%d grams=%d | %s%n",
                mins[i] / 1e6, st[0] / 1e6, st[1] / 1e6, st[2] / 1e6, q.length(), pq.words().size(), pq.grams().size(),
                q.length() > 100 ? q.substring(0, 100) : q);
        }
        long[] sum = new long[4];
        for (String q : queries) {
            long[] st = stages(index, q);
            for (int j = 0; j < 3; j++) {
                sum[j] += st[j];
            }
            sum[3] += stages(noGrams, q)[1];
        }
        System.out.printf(
            "mean stages over all: parse %.3f search %.3f (without the n-gram clauses %.3f) cov %.3f ms%n",
            sum[0] / 1e6 / n, sum[1] / 1e6 / n, sum[3] / 1e6 / n, sum[2] / 1e6 / n);
        // MRR@10 of the real FAQs inside the catalog
        java.util.Set<String> ids = new java.util.HashSet<>();
        faqs.forEach(f -> ids.add(f.id()));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        double mrr = 0;
        int cnt = 0;
        for (String set : SyntheticFaqs.sets(lang)) {
            for (String line : java.nio.file.Files.readAllLines(data.resolve(set).resolve("queries.jsonl"))) {
                if (line.isBlank()) {
                    continue;
                }
                var node = json.readTree(line);
                java.util.Set<String> rel = new java.util.HashSet<>();
                node.get("relevant").forEach(x -> rel.add(set + "/" + x.asText()));
                if (rel.stream().noneMatch(ids::contains)) {
                    continue;
                }
                var ranked = matcher.match(t, node.get("query").asText(), locale).candidates();
                for (int r = 0; r < ranked.size(); r++) {
                    if (rel.contains(ranked.get(r).entry().id())) {
                        mrr += 1.0 / (r + 1);
                        break;
                    }
                }
                cnt++;
            }
        }
        System.out.printf("mrr10 of the queries whose right FAQ is in the catalog: %.4f over %d%n", mrr / cnt, cnt);
        matcher.close();
        bm25.close();
        noGrams.close();
        index.close();
    }

    private static long[] stages(LuceneFaqIndex index, String q) {
        long best0 = Long.MAX_VALUE;
        long best1 = Long.MAX_VALUE;
        long best2 = Long.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            long a = System.nanoTime();
            LuceneFaqIndex.ParsedQuery pq = index.parse(q, List.of());
            long b = System.nanoTime();
            List<LuceneFaqIndex.Hit> hits = index.search(pq, 10);
            long c = System.nanoTime();
            if (!hits.isEmpty()) {
                index.coverage(pq.words(), pq.grams(), hits.get(0).doc());
            }
            long d = System.nanoTime();
            best0 = Math.min(best0, b - a);
            best1 = Math.min(best1, c - b);
            best2 = Math.min(best2, d - c);
        }
        return new long[] {best0, best1, best2};
    }

    private static long[] perQueryMin(long[][] times) {
        long[] mins = new long[times[0].length];
        Arrays.fill(mins, Long.MAX_VALUE);
        for (long[] pass : times) {
            for (int i = 0; i < mins.length; i++) {
                mins[i] = Math.min(mins[i], pass[i]);
            }
        }
        return mins;
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }

    private static long[] gc() {
        long c = 0;
        long t = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            c += b.getCollectionCount();
            t += b.getCollectionTime();
        }
        return new long[] {c, t};
    }
}
