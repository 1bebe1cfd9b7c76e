package io.madoguchi.core.faq.internal;

import io.madoguchi.core.faq.FaqGap;
import io.madoguchi.core.faq.FaqGapQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks the key terms of a query that found no good FAQ, and groups the gap log by shared key terms. Stateless: the
 * log lives in the {@link io.madoguchi.core.faq.FaqStore}, and a report groups a copy of it, holding no lock.
 */
public final class GapCollector {

    private GapCollector() {
    }

    /**
     * @param terms a query's analysed words
     * @return the distinct terms worth grouping by (not single ASCII characters), at most
     *     {@value FaqGapQuery#MAX_TERMS}; empty when none is
     */
    public static List<String> keyTerms(List<String> terms) {
        Set<String> t = new LinkedHashSet<>();
        for (String s : terms) {
            if ((s.codePointCount(0, s.length()) > 1 || !s.chars().allMatch(c -> c < 128)) && s.length() <= 200) {
                t.add(s);
                if (t.size() == FaqGapQuery.MAX_TERMS) {
                    break;
                }
            }
        }
        return List.copyOf(t);
    }

    /**
     * @param text a query
     * @return the query cut to {@value FaqGapQuery#MAX_TEXT_LENGTH} characters, never inside a surrogate pair
     */
    public static String keptText(String text) {
        String t = text.strip();
        if (t.length() <= FaqGapQuery.MAX_TEXT_LENGTH) {
            return t;
        }
        int end = FaqGapQuery.MAX_TEXT_LENGTH;
        if (Character.isHighSurrogate(t.charAt(end - 1))) {
            end--;
        }
        return t.substring(0, end);
    }

    /**
     * Groups the collected queries: each query joins the group of its most frequent term; groups are
     * labelled with the terms most of their queries share, largest groups first.
     *
     * @param misses    the gap log
     * @param maxGroups most groups returned
     * @return the groups
     */
    public static List<FaqGap> report(List<FaqGapQuery> misses, int maxGroups) {
        Map<String, Integer> df = new HashMap<>();
        misses.forEach(m -> new LinkedHashSet<>(m.terms()).forEach(t -> df.merge(t, 1, Integer::sum)));
        Map<String, List<FaqGapQuery>> groups = new LinkedHashMap<>();
        for (FaqGapQuery m : misses) {
            String key = m.terms().stream()
                .max(Comparator.<String>comparingInt(df::get).thenComparing(Comparator.reverseOrder()))
                .orElseThrow();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
        }
        List<FaqGap> out = new ArrayList<>();
        for (var g : groups.entrySet()) {
            Map<String, Integer> inGroup = new HashMap<>();
            g.getValue().forEach(m -> new LinkedHashSet<>(m.terms()).forEach(t -> inGroup.merge(t, 1, Integer::sum)));
            int size = g.getValue().size();
            List<String> label = new ArrayList<>();
            label.add(g.getKey());
            inGroup.entrySet().stream()
                .filter(e -> !e.getKey().equals(g.getKey()) && size > 1 && e.getValue() * 2 > size)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
                .limit(3)
                .forEach(e -> label.add(e.getKey()));
            List<String> examples = g.getValue().stream().map(FaqGapQuery::text).distinct().limit(5).toList();
            out.add(new FaqGap(label, size, examples));
        }
        out.sort(Comparator.comparingInt(FaqGap::count).reversed());
        return List.copyOf(out.subList(0, Math.min(maxGroups, out.size())));
    }
}
