package io.madoguchi.examples.faq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accumulates ranking metrics over queries: MRR@10, Hit@1, Hit@5 and nDCG@10.
 *
 * <p>Definitions: the reciprocal rank is {@code 1/r} for the first relevant FAQ at rank {@code r <= 10},
 * else 0. Hit@k is 1 when a relevant FAQ is in the top k. nDCG@10 uses linear gains: the FAQ's grade
 * when grades are given (2 = answers, 1 = related), otherwise 1 for a relevant FAQ, discounted by
 * {@code log2(rank + 1)} and divided by the ideal DCG of the query's grades. Not thread-safe.
 */
public final class FaqEvalMetrics {

    private int n;
    private double rr;
    private double hit1;
    private double hit5;
    private double ndcg;

    /**
     * Adds one query.
     *
     * @param ranking  ranked FAQ ids, best first
     * @param relevant relevant FAQ ids
     * @param grades   grades per FAQ id (empty: every relevant FAQ has grade 1)
     */
    public void add(List<String> ranking, Set<String> relevant, Map<String, Integer> grades) {
        n++;
        int first = 0;
        for (int i = 0; i < Math.min(10, ranking.size()); i++) {
            if (relevant.contains(ranking.get(i))) {
                first = i + 1;
                break;
            }
        }
        if (first > 0) {
            rr += 1.0 / first;
            hit1 += first == 1 ? 1 : 0;
            hit5 += first <= 5 ? 1 : 0;
        }
        double dcg = 0;
        for (int i = 0; i < Math.min(10, ranking.size()); i++) {
            dcg += gain(ranking.get(i), relevant, grades) / log2(i + 2);
        }
        List<Integer> ideal = new ArrayList<>();
        for (String id : relevant) {
            ideal.add(grades.isEmpty() ? 1 : grades.getOrDefault(id, 1));
        }
        ideal.sort((a, b) -> b - a);
        double idcg = 0;
        for (int i = 0; i < Math.min(10, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        ndcg += idcg == 0 ? 0 : dcg / idcg;
    }

    private static double gain(String id, Set<String> relevant, Map<String, Integer> grades) {
        if (!relevant.contains(id)) {
            return 0;
        }
        return grades.isEmpty() ? 1 : grades.getOrDefault(id, 1);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** @return number of queries */
    public int n() {
        return n;
    }

    /** @return mean reciprocal rank at 10 */
    public double mrr10() {
        return n == 0 ? 0 : rr / n;
    }

    /** @return share of queries with a relevant FAQ first */
    public double hit1() {
        return n == 0 ? 0 : hit1 / n;
    }

    /** @return share of queries with a relevant FAQ in the top 5 */
    public double hit5() {
        return n == 0 ? 0 : hit5 / n;
    }

    /** @return mean nDCG at 10 */
    public double ndcg10() {
        return n == 0 ? 0 : ndcg / n;
    }

    /**
     * A point of the coverage curve: the share of queries answered from a confidence threshold on.
     *
     * @param answered  share of the queries whose confidence is at least {@code threshold}
     * @param precision share of those whose first candidate is right (1 when none is answered)
     * @param threshold the lowest confidence answered; above 1 when no threshold reaches the precision
     */
    public record Coverage(double answered, double precision, double threshold) {
    }

    /**
     * The largest share of queries that one confidence threshold answers with at least the target precision:
     * queries are answered from the highest confidence down, and only at the boundary between two distinct
     * confidences (queries of equal confidence are answered together).
     *
     * @param confidence each query's confidence
     * @param correct    whether each query's first candidate is right
     * @param target     the precision wanted, in (0, 1]
     * @return the point; answering nothing (share 0, threshold above 1) when even the most confident queries
     *     miss the target
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static Coverage coverageAtPrecision(double[] confidence, boolean[] correct, double target) {
        return coverageAtPrecision(confidence, correct, target, new double[0], 1);
    }

    /**
     * The largest share of in-scope queries that one confidence threshold answers with at least the target precision
     * while answering at most a given share of out-of-scope queries (those whose confidence reaches the threshold):
     * the point of the coverage curve that a goal such as "90% precision with 95% of out-of-scope questions
     * declined" asks for. Thresholds are taken as in {@link #coverageAtPrecision(double[], boolean[], double)}.
     *
     * @param confidence            each in-scope query's confidence
     * @param correct               whether each in-scope query's first candidate is right
     * @param target                the precision wanted, in (0, 1]
     * @param outOfScope            each out-of-scope query's confidence (empty: no limit applies)
     * @param maxOutOfScopeAnswered the largest share of out-of-scope queries the threshold may answer, in [0, 1]
     * @return the point; answering nothing (share 0, threshold above 1) when no threshold meets both
     * @throws IllegalArgumentException if the in-scope arrays differ in length
     */
    public static Coverage coverageAtPrecision(double[] confidence, boolean[] correct, double target,
                                               double[] outOfScope, double maxOutOfScopeAnswered) {
        if (confidence.length != correct.length) {
            throw new IllegalArgumentException("confidence and correct differ in length");
        }
        Integer[] order = new Integer[confidence.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(confidence[b], confidence[a]));
        double[] oos = outOfScope.clone();
        java.util.Arrays.sort(oos);
        Coverage best = new Coverage(0, 1, Math.nextUp(1.0));
        int right = 0;
        for (int k = 0; k < order.length; k++) {
            right += correct[order[k]] ? 1 : 0;
            boolean boundary = k + 1 == order.length || confidence[order[k + 1]] < confidence[order[k]];
            double precision = (double) right / (k + 1);
            double threshold = confidence[order[k]];
            if (boundary && precision >= target && (oos.length == 0
                || answeredAtOrAbove(oos, threshold) <= maxOutOfScopeAnswered * oos.length + 1e-9)) {
                best = new Coverage((double) (k + 1) / order.length, precision, threshold);
            }
        }
        return best;
    }

    /** How many of the ascending {@code sorted} values are at least {@code threshold}. */
    private static int answeredAtOrAbove(double[] sorted, double threshold) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < threshold) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return sorted.length - low;
    }
}
