package io.madoguchi.metrics;

import java.util.Arrays;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.IntCountsHistogram;
import org.HdrHistogram.PackedHistogram;
import org.jspecify.annotations.Nullable;

/**
 * Whole seconds of one duration KPI in one slice, kept as cheaply as their number allows: the first
 * {@value #SMALL} values in a plain array (most day slices never hold more), then a packed HdrHistogram (memory grows
 * with the buckets in use), and from {@value #PACKED} values a flat one (recording is an array increment). The
 * percentiles are HdrHistogram's with two significant digits at every stage. Recording into a packed histogram cost
 * about half of the engine's ingestion time before. Not thread-safe.
 */
final class Seconds {

    static final int SMALL = 64;
    static final long PACKED = 16_384;

    private int[] small = new int[4];
    private int n;
    private @Nullable AbstractHistogram histogram;

    void record(long seconds) {
        AbstractHistogram h = histogram;
        if (h == null) {
            if (n < SMALL) {
                if (n == small.length) {
                    small = Arrays.copyOf(small, n * 2);
                }
                small[n++] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, seconds));
                return;
            }
            h = spill(new PackedHistogram(2));
        } else if (h instanceof PackedHistogram && h.getTotalCount() >= PACKED) {
            IntCountsHistogram flat = new IntCountsHistogram(2);
            flat.setAutoResize(true);
            flat.add(h);
            histogram = flat;
            h = flat;
        }
        h.recordValue(Math.max(0, seconds));
    }

    private AbstractHistogram spill(AbstractHistogram h) {
        h.setAutoResize(true);
        for (int i = 0; i < n; i++) {
            h.recordValue(small[i]);
        }
        small = new int[0];
        n = 0;
        histogram = h;
        return h;
    }

    /** @return how many values were recorded */
    long count() {
        return histogram != null ? histogram.getTotalCount() : n;
    }

    /** Adds another's values to these. */
    void add(Seconds o) {
        if (o.histogram == null) {
            for (int i = 0; i < o.n; i++) {
                record(o.small[i]);
            }
            return;
        }
        AbstractHistogram h = histogram;
        if (h == null) {
            h = spill(new PackedHistogram(2));
        }
        h.add(o.histogram);
    }

    /** @return a histogram of the values, for reading percentiles */
    AbstractHistogram histogram() {
        if (histogram != null) {
            return histogram;
        }
        PackedHistogram h = new PackedHistogram(2);
        h.setAutoResize(true);
        for (int i = 0; i < n; i++) {
            h.recordValue(small[i]);
        }
        return h;
    }
}
