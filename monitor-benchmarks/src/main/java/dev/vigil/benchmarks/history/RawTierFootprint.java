package dev.vigil.benchmarks.history;

import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

/**
 * Heap bytes per sample held by the raw tier, measured on {@link RecordedSeries}: a store with
 * no consolidated tier and a raw retention of exactly the recording's length is filled with every
 * recorded series, and the heap it retains (measured after full GCs, before and after) is divided
 * by the samples it holds. Per-series overhead (the series object, its id, the map entry) is
 * included, spread over the samples: that is what a user pays per sample.
 *
 * <pre>{@code
 * RawTierFootprint.Result r = RawTierFootprint.measure(RecordedSeries.load(), 20);
 * }</pre>
 */
public final class RawTierFootprint {

    private RawTierFootprint() {
    }

    /**
     * The figure.
     *
     * @param bytesPerSample retained heap divided by samples held
     * @param samples samples held
     * @param series series held
     * @param copies times the recording was loaded, under distinct ids, to rise above GC noise
     */
    public record Result(double bytesPerSample, long samples, int series, int copies) {
    }

    /** Loads {@code copies} copies of the recording (distinct ids) and measures the retained heap. */
    public static Result measure(RecordedSeries recording, int copies) {
        int longest = recording.longest();
        HistoryConfig config = HistoryConfig.builder().raw(Duration.ofSeconds(longest)).noTiers()
                .maxSeries(Integer.MAX_VALUE).build();
        long before = retainedHeap();
        HistoryStore store = new HistoryStore(config, Duration.ofSeconds(1));
        for (int c = 0; c < copies; c++) {
            for (RecordedSeries.Series s : recording.series()) {
                var id = s.id().withTag("copy", Integer.toString(c));
                for (int i = 0; i < s.times().length; i++) {
                    store.record(id, s.unit(), s.times()[i], s.values()[i]);
                }
            }
        }
        long held = 0;
        for (var id : store.ids()) {
            held += store.series(id).rawSize();
        }
        long after = retainedHeap();
        int series = store.ids().size();
        java.lang.ref.Reference.reachabilityFence(store);
        return new Result((after - before) / (double) held, held, series, copies);
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
