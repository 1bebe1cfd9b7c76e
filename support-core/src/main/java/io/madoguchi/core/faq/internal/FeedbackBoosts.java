package io.madoguchi.core.faq.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounded, exponentially decaying ranking boosts learned from "did this answer help?" feedback, kept per
 * (normalized query terms, FAQ) and, at half weight, per FAQ. Thread-safe.
 */
public final class FeedbackBoosts {

    private record Boost(double value, Instant at) {
    }

    private final double step;
    private final double max;
    private final Duration halfLife;
    private final Map<String, Boost> boosts = new ConcurrentHashMap<>();

    /**
     * @param step     change per feedback
     * @param max      largest absolute boost
     * @param halfLife time for a boost to halve
     */
    public FeedbackBoosts(double step, double max, Duration halfLife) {
        this.step = step;
        this.max = max;
        this.halfLife = halfLife;
    }

    /**
     * Normalizes query terms to a key: distinct terms, sorted.
     *
     * @param words analysed query words
     * @return the key
     */
    public static String queryKey(List<String> words) {
        return String.join(" ", new TreeSet<>(words));
    }

    /**
     * Records feedback.
     *
     * @param scope    tenant and language
     * @param queryKey normalized query terms
     * @param faqId    the FAQ shown
     * @param helpful  whether it helped
     * @param now      current time
     */
    public void record(String scope, String queryKey, String faqId, boolean helpful, Instant now) {
        double delta = helpful ? step : -step;
        add(scope + '\u0000' + queryKey + '\u0000' + faqId, delta, now);
        add(scope + '\u0000' + '\u0000' + faqId, delta, now);
    }

    private void add(String key, double delta, Instant now) {
        boosts.compute(key, (k, old) -> {
            double v = old == null ? 0 : decay(old, now);
            return new Boost(Math.max(-max, Math.min(max, v + delta)), now);
        });
    }

    private double decay(Boost b, Instant now) {
        double age = Math.max(0, Duration.between(b.at(), now).toMillis());
        return b.value() * Math.pow(0.5, age / (double) halfLife.toMillis());
    }

    /**
     * Returns the multiplicative factor for a candidate: {@code 1 + boost}, boost within ±max.
     *
     * @param scope    tenant and language
     * @param queryKey normalized query terms
     * @param faqId    the FAQ
     * @param now      current time
     * @return the factor
     */
    public double factor(String scope, String queryKey, String faqId, Instant now) {
        if (boosts.isEmpty()) {
            return 1;
        }
        Boost q = boosts.get(scope + '\u0000' + queryKey + '\u0000' + faqId);
        Boost f = boosts.get(scope + '\u0000' + '\u0000' + faqId);
        double v = (q == null ? 0 : decay(q, now)) + (f == null ? 0 : 0.5 * decay(f, now));
        return 1 + Math.max(-max, Math.min(max, v));
    }
}
