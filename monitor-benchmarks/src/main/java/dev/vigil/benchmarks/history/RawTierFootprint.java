package dev.vigil.benchmarks.history;

import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

/**
 * Heap bytes per sample held by the raw tier, measured on {@link RecordedSeries}. A store with no
 * consolidated tier and a raw retention of exactly the recording's length is filled with every
 * recorded series (several copies under distinct ids, to rise above GC noise), and the heap it
 * retains is measured after full collections. Two figures come out:
 * <ul>
 *   <li>the marginal cost: the same is done with the first half of the recording into a store of
 *   half the retention, and the difference of retained heap is divided by the difference of
 *   samples held: what one more sample costs, per-series overhead cancelled out (the figure
 *   Gorilla's 1.37 bytes and plain arrays' 16 bytes compare with);</li>
 *   <li>the total: retained heap over samples held, per-series overhead (series object, id, map
 *   entry) included: what a user pays per sample at this series length.</li>
 * </ul>
 *
 * <pre>{@code
 * RawTierFootprint.Result r = RawTierFootprint.measure(RecordedSeries.load(), 20);
 * }</pre>
 */
public final class RawTierFootprint {

    private RawTierFootprint() {}

    /**
     * The figures.
     *
     * @param marginalBytesPerSample heap per additional sample
     * @param totalBytesPerSample retained heap over samples held, full recording
     * @param samples samples held, full recording
     * @param series series held
     * @param copies copies of the recording loaded
     */
    public record Result(
            double marginalBytesPerSample, double totalBytesPerSample, long samples, int series, int copies) {}

    /** Loads {@code copies} copies of the recording (distinct ids) and measures the retained heap. */
    public static Result measure(RecordedSeries recording, int copies) {
        int longest = recording.longest();
        long[] half = fill(recording, copies, longest / 2);
        long[] full = fill(recording, copies, longest);
        double marginal = (full[0] - half[0]) / (double) (full[1] - half[1]);
        return new Result(marginal, full[0] / (double) full[1], full[1], (int) full[2], copies);
    }

    /**
     * The same marginal figure for the uncompressed ring the raw tier was before compression:
     * the baseline, measured in the same run.
     */
    public static double uncompressedMarginalBytesPerSample(RecordedSeries recording, int copies) {
        int longest = recording.longest();
        long[] half = fillUncompressed(recording, copies, longest / 2);
        long[] full = fillUncompressed(recording, copies, longest);
        return (full[0] - half[0]) / (double) (full[1] - half[1]);
    }

    private static long[] fillUncompressed(RecordedSeries recording, int copies, int length) {
        long before = retainedHeap();
        java.util.List<UncompressedRing> rings = new java.util.ArrayList<>();
        long held = 0;
        for (int c = 0; c < copies; c++) {
            for (RecordedSeries.Series s : recording.series()) {
                UncompressedRing ring = new UncompressedRing(length);
                int n = Math.min(length, s.times().length);
                for (int i = 0; i < n; i++) {
                    ring.append(s.times()[i], s.values()[i]);
                }
                held += ring.size();
                rings.add(ring);
            }
        }
        try {
            long after = retainedHeap();
            return new long[] {after - before, held};
        } finally {
            java.lang.ref.Reference.reachabilityFence(rings);
        }
    }

    /** Returns {retained heap, samples held, series held} for the first {@code length} samples of each series. */
    private static long[] fill(RecordedSeries recording, int copies, int length) {
        HistoryConfig config = HistoryConfig.builder()
                .raw(Duration.ofSeconds(length))
                .noTiers()
                .maxSeries(Integer.MAX_VALUE)
                .build();
        long before = retainedHeap();
        HistoryStore store = new HistoryStore(config, Duration.ofSeconds(1));
        for (int c = 0; c < copies; c++) {
            for (RecordedSeries.Series s : recording.series()) {
                var id = s.id().withTag("copy", Integer.toString(c));
                int n = Math.min(length, s.times().length);
                for (int i = 0; i < n; i++) {
                    store.record(id, s.unit(), s.times()[i], s.values()[i]);
                }
            }
        }
        long held = 0;
        for (var id : store.ids()) {
            held += store.series(id).rawSize();
        }
        try {
            long after = retainedHeap();
            long series = store.ids().size();
            return new long[] {after - before, held, series};
        } finally {
            java.lang.ref.Reference.reachabilityFence(store);
        }
    }

    private static long retainedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < 64 * 1024) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
