package io.madoguchi.core.sla.internal;

import java.util.Arrays;

/**
 * An indexed binary min-heap of (key, ref) pairs held in two primitive arrays: 16 bytes per entry.
 * The owner keeps each entry's position (told through {@link Positions}) so it can update or remove
 * it in O(log n). Not thread-safe.
 */
final class DueHeap {

    /** Receives an entry's new position whenever it moves; -1 when it leaves the heap. */
    interface Positions {
        void moved(long ref, int position);
    }

    private final Positions positions;
    private long[] keys = new long[16];
    private long[] refs = new long[16];
    private int size;

    DueHeap(Positions positions) {
        this.positions = positions;
    }

    int size() {
        return size;
    }

    long minKey() {
        return keys[0];
    }

    long minRef() {
        return refs[0];
    }

    long keyAt(int position) {
        return keys[position];
    }

    long refAt(int position) {
        return refs[position];
    }

    /** Adds an entry and returns its position. */
    void add(long key, long ref) {
        if (size == keys.length) {
            int n = size + (size >> 1) + 16;
            keys = Arrays.copyOf(keys, n);
            refs = Arrays.copyOf(refs, n);
        }
        keys[size] = key;
        refs[size] = ref;
        positions.moved(ref, size);
        siftUp(size++);
    }

    void update(int position, long key) {
        long old = keys[position];
        keys[position] = key;
        if (key < old) {
            siftUp(position);
        } else if (key > old) {
            siftDown(position);
        }
    }

    void remove(int position) {
        long ref = refs[position];
        int last = --size;
        if (position != last) {
            long oldKey = keys[position];
            keys[position] = keys[last];
            refs[position] = refs[last];
            positions.moved(refs[position], position);
            if (keys[position] < oldKey) {
                siftUp(position);
            } else {
                siftDown(position);
            }
        }
        positions.moved(ref, -1);
    }

    /** Calls {@code visitor} for every entry with key at most {@code bound}, visiting only those and their children. */
    void forEachAtMost(long bound, java.util.function.LongConsumer visitor) {
        if (size == 0) {
            return;
        }
        int[] stack = new int[32];
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            int i = stack[--top];
            if (keys[i] > bound) {
                continue;
            }
            visitor.accept(refs[i]);
            int l = 2 * i + 1;
            if (top + 2 > stack.length) {
                stack = Arrays.copyOf(stack, stack.length * 2);
            }
            if (l < size) {
                stack[top++] = l;
            }
            if (l + 1 < size) {
                stack[top++] = l + 1;
            }
        }
    }

    private void siftUp(int i) {
        long key = keys[i];
        long ref = refs[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (keys[parent] <= key) {
                break;
            }
            keys[i] = keys[parent];
            refs[i] = refs[parent];
            positions.moved(refs[i], i);
            i = parent;
        }
        keys[i] = key;
        refs[i] = ref;
        positions.moved(ref, i);
    }

    private void siftDown(int i) {
        long key = keys[i];
        long ref = refs[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && keys[right] < keys[child]) {
                child = right;
            }
            if (key <= keys[child]) {
                break;
            }
            keys[i] = keys[child];
            refs[i] = refs[child];
            positions.moved(refs[i], i);
            i = child;
        }
        keys[i] = key;
        refs[i] = ref;
        positions.moved(ref, i);
    }
}
