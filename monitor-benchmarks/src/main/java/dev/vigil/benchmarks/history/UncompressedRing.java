package dev.vigil.benchmarks.history;

/**
 * The raw tier as it was before compression (Vigil up to issue 14): a time and a value per
 * sample in two parallel arrays used as a ring, 16 bytes a sample. Kept here only as the baseline
 * the compressed tier is measured against in the same run.
 */
final class UncompressedRing {

    private final long[] times;
    private final double[] values;
    private int head;
    private int size;

    UncompressedRing(int capacity) {
        this.times = new long[capacity];
        this.values = new double[capacity];
    }

    void append(long t, double v) {
        times[head] = t;
        values[head] = v;
        if (++head == times.length) {
            head = 0;
        }
        if (size < times.length) {
            size++;
        }
    }

    int size() {
        return size;
    }
}
