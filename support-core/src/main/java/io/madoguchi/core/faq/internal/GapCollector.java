package io.madoguchi.core.faq.internal;

import io.madoguchi.core.faq.FaqGap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects queries that found no good FAQ (bounded, oldest dropped) and groups them by shared key
 * terms. Thread-safe.
 */
public final class GapCollector {

    private record Miss(String text, Set<String> terms) {
    }

    private final int capacity;
    private final Deque<Miss> misses = new ArrayDeque<>();

    /** @param capacity most queries kept */
    public GapCollector(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Records a query that found nothing good.
     *
     * @param text  the query text
     * @param terms its analysed words
     */
    public void add(String text, List<String> terms) {
        // the terms are picked before taking the lock, which then guards only the queue
        Set<String> t = new LinkedHashSet<>();
        terms.stream().filter(s -> s.codePointCount(0, s.length()) > 1 || !s.chars().allMatch(c -> c < 128)).forEach(t::add);
        if (t.isEmpty()) {
            return;
        }
        Miss miss = new Miss(text, t);
        synchronized (this) {
            if (misses.size() == capacity) {
                misses.removeFirst();
            }
            misses.addLast(miss);
        }
    }

    /**
     * Groups the collected queries: each query joins the group of its most frequent term; groups are
     * labelled with the terms most of their queries share, largest groups first.
     *
     * @param maxGroups most groups returned
     * @return the groups
     */
    public synchronized List<FaqGap> report(int maxGroups) {
        Map<String, Integer> df = new HashMap<>();
        misses.forEach(m -> m.terms().forEach(t -> df.merge(t, 1, Integer::sum)));
        Map<String, List<Miss>> groups = new LinkedHashMap<>();
        for (Miss m : misses) {
            String key = m.terms().stream()
                .max(Comparator.<String>comparingInt(df::get).thenComparing(Comparator.reverseOrder()))
                .orElseThrow();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
        }
        List<FaqGap> out = new ArrayList<>();
        for (var g : groups.entrySet()) {
            Map<String, Integer> inGroup = new HashMap<>();
            g.getValue().forEach(m -> m.terms().forEach(t -> inGroup.merge(t, 1, Integer::sum)));
            int size = g.getValue().size();
            List<String> label = new ArrayList<>();
            label.add(g.getKey());
            inGroup.entrySet().stream()
                .filter(e -> !e.getKey().equals(g.getKey()) && size > 1 && e.getValue() * 2 > size)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3)
                .forEach(e -> label.add(e.getKey()));
            List<String> examples = g.getValue().stream().map(Miss::text).distinct().limit(5).toList();
            out.add(new FaqGap(label, size, examples));
        }
        out.sort(Comparator.comparingInt(FaqGap::count).reversed());
        return List.copyOf(out.subList(0, Math.min(maxGroups, out.size())));
    }
}
