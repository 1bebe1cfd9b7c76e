package io.madoguchi.core.feedback;

/**
 * How "satisfied" is defined on a CSAT scale of any length.
 *
 * <p>A CSAT response is <em>satisfied</em> when it is in the top 40% of the scale's points, rounded half up
 * and at least one point: on 1–5 the top two points (4, 5) — the usual definition — on 1–10 the top four
 * (7–10), on 1–7 the top three (5–7), on 1–3 the top one (3).
 *
 * <p>Thread-safe (stateless).
 */
public final class ScoreScales {

    private ScoreScales() {
    }

    /**
     * @param points the number of points on the scale
     * @return how many top points count as satisfied
     */
    public static int topPoints(int points) {
        return Math.max(1, (int) Math.round(points * 0.4));
    }

    /**
     * @param score a CSAT score from 1 to {@code max}
     * @param max the scale's highest point
     * @return whether the score counts as satisfied
     */
    public static boolean satisfied(int score, int max) {
        return score > max - topPoints(max);
    }
}
