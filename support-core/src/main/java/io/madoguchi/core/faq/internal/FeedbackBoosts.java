package io.madoguchi.core.faq.internal;

import io.madoguchi.core.faq.FaqBoost;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The arithmetic of the learning boosts kept in a {@link io.madoguchi.core.faq.FaqStore}: bounded, exponentially
 * decaying ranking boosts learned from "did this answer help?" feedback, per (normalized query terms, FAQ) and, at
 * half weight, per FAQ. Immutable and thread-safe.
 *
 * @param step     change per feedback
 * @param max      largest absolute boost
 * @param halfLife time for a boost to halve
 */
public record FeedbackBoosts(double step, double max, Duration halfLife) {

    /**
     * Normalizes query terms to a key: distinct terms, sorted; a key longer than
     * {@value FaqBoost#MAX_QUERY_KEY_LENGTH} characters is replaced by its SHA-256 digest, so a store keeps keys of
     * bounded size.
     *
     * @param words analysed query words
     * @return the key
     */
    public static String queryKey(List<String> words) {
        String key = String.join(" ", new TreeSet<>(words));
        if (key.length() <= FaqBoost.MAX_QUERY_KEY_LENGTH) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * @param current the stored boost, or null
     * @param helpful whether the feedback said the answer helped
     * @param now     the time of the feedback
     * @return the new value: the decayed current value plus or minus a step, within ±max
     */
    public double next(@Nullable FaqBoost current, boolean helpful, Instant now) {
        double v = current == null ? 0 : decayed(current, now);
        return Math.max(-max, Math.min(max, v + (helpful ? step : -step)));
    }

    /**
     * @param b   a stored boost
     * @param now the time
     * @return its value decayed to {@code now}
     */
    public double decayed(FaqBoost b, Instant now) {
        double age = Math.max(0, Duration.between(b.at(), now).toMillis());
        return b.value() * Math.pow(0.5, age / (double) halfLife.toMillis());
    }

    /**
     * Returns the multiplicative factor for a candidate: {@code 1 + boost}, boost within ±max.
     *
     * @param forQuery the FAQ's boost for the query, or null
     * @param forFaq   the FAQ's boost whatever the query, or null
     * @param now      current time
     * @return the factor
     */
    public double factor(@Nullable FaqBoost forQuery, @Nullable FaqBoost forFaq, Instant now) {
        double v = (forQuery == null ? 0 : decayed(forQuery, now)) + (forFaq == null ? 0 : 0.5 * decayed(forFaq, now));
        return 1 + Math.max(-max, Math.min(max, v));
    }
}
