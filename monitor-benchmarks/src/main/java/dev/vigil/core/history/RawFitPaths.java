package dev.vigil.core.history;

/**
 * The two ways of fitting a line to a series' raw samples, callable from {@code
 * dev.vigil.benchmarks.history.RawFitBenchmark} only (this class lives in the benchmarks, in the
 * history's package, so monitor-core keeps both paths package-private): the fit from per-chunk
 * least-squares terms that {@code SeriesHistory.slope} and {@code predict} use, and the fit they
 * used before, which decodes every chunk the window overlaps and makes two passes over the
 * samples. Both take the series' lock, as a query does.
 */
public final class RawFitPaths {

    private RawFitPaths() {}

    /** The value {@code aheadSeconds} after {@code nowMillis} of the line through {@code (now - window, now]}, from chunk terms. */
    public static double predictFromChunkTerms(
            SeriesHistory series, long nowMillis, long windowMillis, double aheadSeconds) {
        RingSeries s = (RingSeries) series;
        synchronized (s.lock()) {
            return s.rawTier().regression(nowMillis - windowMillis, nowMillis, nowMillis, aheadSeconds);
        }
    }

    /** The same by decoding the window's chunks and fitting in two passes, as before. */
    public static double predictByDecoding(
            SeriesHistory series, long nowMillis, long windowMillis, double aheadSeconds) {
        RingSeries s = (RingSeries) series;
        synchronized (s.lock()) {
            long from = nowMillis - windowMillis;
            RawView view = s.rawTier().view(from);
            return WindowStats.predict(view, view.select(from, nowMillis), nowMillis, aheadSeconds);
        }
    }
}
