package io.madoguchi.metrics;

import java.util.Arrays;

/**
 * The log positions an engine has counted: sorted, disjoint ranges of consecutive positions. Events delivered in log
 * order extend one range in constant time; an event that comes after later ones (a parked event redelivered, history
 * backfilled behind live counting) fills its gap. At most {@code maxGaps} gaps between ranges are remembered: beyond,
 * the lowest gap is forgotten and its positions taken as counted ({@link #forgotten()} says how often), so memory
 * stays bounded whatever the log looks like. A single highest position (what was kept before) skipped every event
 * delivered after a later one. Not thread-safe: the engine guards it.
 */
final class CountedPositions {

    private final int maxGaps;
    private long[] from = new long[4];
    private long[] to = new long[4];
    /** How many ranges there are; ranges {@code [from[i], to[i]]} for {@code i < n}, sorted and not adjacent. */
    private int n;
    private long forgotten;

    CountedPositions(int maxGaps) {
        this.maxGaps = maxGaps;
    }

    /**
     * @param p a position
     * @return true if {@code p} was not counted before (it is now), false if it was
     */
    boolean add(long p) {
        if (n > 0) {
            long top = to[n - 1];
            if (p == top + 1) {
                to[n - 1] = p;
                return true;
            }
            if (p <= top && p >= from[n - 1]) {
                return false;
            }
        }
        // the last range starting at or before p, or -1
        int i = floor(p);
        if (i >= 0 && p <= to[i]) {
            return false;
        }
        boolean joinsLower = i >= 0 && to[i] + 1 == p;
        boolean joinsUpper = i + 1 < n && from[i + 1] == p + 1;
        if (joinsLower && joinsUpper) {
            to[i] = to[i + 1];
            remove(i + 1);
        } else if (joinsLower) {
            to[i] = p;
        } else if (joinsUpper) {
            from[i + 1] = p;
        } else {
            insert(i + 1, p);
            if (n - 1 > maxGaps) {
                // forget the lowest gap: the two lowest ranges become one
                to[0] = to[1];
                remove(1);
                forgotten++;
            }
        }
        return true;
    }

    /** @return the highest position counted, 0 before any */
    long highest() {
        return n == 0 ? 0 : to[n - 1];
    }

    /** @return the gaps between counted positions remembered now */
    int gaps() {
        return Math.max(0, n - 1);
    }

    /** @return how many gaps were forgotten at the bound */
    long forgotten() {
        return forgotten;
    }

    private int floor(long p) {
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (from[mid] <= p) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private void insert(int i, long p) {
        if (n == from.length) {
            from = Arrays.copyOf(from, n * 2);
            to = Arrays.copyOf(to, n * 2);
        }
        System.arraycopy(from, i, from, i + 1, n - i);
        System.arraycopy(to, i, to, i + 1, n - i);
        from[i] = p;
        to[i] = p;
        n++;
    }

    private void remove(int i) {
        System.arraycopy(from, i + 1, from, i, n - i - 1);
        System.arraycopy(to, i + 1, to, i, n - i - 1);
        n--;
    }
}
