package io.madoguchi.benchmarks.faq;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.faq.internal.FaqAnalysis;
import io.madoguchi.core.faq.internal.LuceneFaqIndex;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Times every query of {@link FaqMatchBenchmark}'s set separately over 10,000 FAQs and prints the slowest with
 * their term counts, per-stage times and MRR@10 of the real FAQs inside the large index (finds the outliers
 * behind p99). {@code java -cp benchmarks/target/benchmarks.jar io.madoguchi.benchmarks.faq.FaqQueryProfile en DATA}
 */
public final class FaqQueryProfile {

    private FaqQueryProfile() {
    }

    public static void main(String[] args) throws Exception {
        String lang = args.length > 0 ? args[0] : "en";
        Path data = Path.of(args.length > 1 ? args[1] : "/work/shared/data/faq");
        int size = 10_000;
        Locale locale = Locale.forLanguageTag(lang);
        List<FaqEntry> faqs = SyntheticFaqs.faqs(data, lang, size);
        List<String> queries = SyntheticFaqs.queries(data, lang);
        FaqCatalog catalog = new FaqCatalog();
        TenantId t = TenantId.of("bench");
        catalog.putAll(t, faqs);
        FaqMatcher matcher = FaqMatcher.builder(catalog).build();
        LuceneFaqIndex index = new LuceneFaqIndex(FaqAnalysis.forLanguage(lang), LuceneFaqIndex.Params.defaults(lang));
        index.upsert(faqs);
        int n = queries.size();
        int passes = 4;
        for (int p = 0; p < 3; p++) {
            for (String q : queries) {
                matcher.match(t, q, locale);
            }
        }
        long[][] total = new long[passes][n];
        long gcCount = gc()[0];
        long gcTime = gc()[1];
        long t0 = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                matcher.match(t, queries.get(i), locale);
                total[p][i] = System.nanoTime() - s;
            }
        }
        long wall = System.nanoTime() - t0;
        long[] g = gc();
        long[] all = Arrays.stream(total).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("lang=%s queries=%d all samples: p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f ms; gc %d in %d ms over %.1f s%n",
            lang, n, ms(all, 0.5), ms(all, 0.9), ms(all, 0.99), ms(all, 0.999), all[all.length - 1] / 1e6,
            g[0] - gcCount, g[1] - gcTime, wall / 1e9);
        long[] mins = new long[n];
        for (int i = 0; i < n; i++) {
            long m = Long.MAX_VALUE;
            for (int p = 0; p < passes; p++) {
                m = Math.min(m, total[p][i]);
            }
            mins[i] = m;
        }
        long[] sortedMins = mins.clone();
        Arrays.sort(sortedMins);
        System.out.printf("per-query min: p50=%.3f p90=%.3f p99=%.3f max=%.3f ms%n",
            ms(sortedMins, 0.5), ms(sortedMins, 0.9), ms(sortedMins, 0.99), sortedMins[n - 1] / 1e6);
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
            System.out.printf("%.3f ms [parse %.3f search %.3f cov %.3f] len=%d words=%d grams=%d | %s%n", mins[i] / 1e6,
                st[0] / 1e6, st[1] / 1e6, st[2] / 1e6, q.length(), pq.words().size(), pq.grams().size(),
                q.length() > 100 ? q.substring(0, 100) : q);
        }
        long[] sum = new long[3];
        for (String q : queries) {
            long[] st = stages(index, q);
            for (int j = 0; j < 3; j++) {
                sum[j] += st[j];
            }
        }
        System.out.printf("mean stages over all: parse %.3f search %.3f cov %.3f ms%n", sum[0] / 1e6 / n,
            sum[1] / 1e6 / n, sum[2] / 1e6 / n);
        // MRR@10 of the real FAQs inside the 10k index
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
        System.out.printf("mrr10 in 10k index: %.4f over %d%n", mrr / cnt, cnt);
        matcher.close();
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
