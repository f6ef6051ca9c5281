package dev.vigil.core.history;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.List;

/**
 * The history of one series and the queries over it.
 *
 * <p>Every window ends at the history's latest tick ({@link History#nowMillis()}) and covers
 * {@code (now - window, now]}. A window within the raw tier's retention is answered from raw
 * samples exactly; a longer one from the finest consolidated tier that covers it. A query with no
 * sample in its window returns {@code NaN} ({@code 0} for {@link #count}).
 *
 * <p>A consolidated answer covers every bucket holding a moment of the window, the bucket
 * straddling the window's start included, so a longer window never sees fewer samples than a
 * shorter one ending at the same time, across tier boundaries too. A span equal to a tier's
 * retention is served by that tier, and each tier holds its full retention besides the bucket
 * still filling. Window aggregates use every sample held, incomplete buckets included (an
 * alert must not miss a spike because its bucket lost samples); only {@link #range} shows
 * incomplete points as gaps. {@link #avg},
 * {@link #min}, {@link #max}, {@link #sum} and {@link #count} stay exact over those buckets'
 * samples; {@link #percentile}, {@link #increase}, {@link #rate}, {@link #slope} and
 * {@link #predict} treat each bucket as one point, its mean, placed at the middle of the time its
 * samples stand for (each sample standing for the tick interval after it).
 *
 * <pre>{@code
 * SeriesHistory heap = history.series(MetricId.of("jvm.memory.used", "area", "heap"));
 * double avg5m = heap.avg(Duration.ofMinutes(5));
 * double p95 = heap.percentile(0.95, Duration.ofMinutes(15));
 * }</pre>
 */
public interface SeriesHistory {

    /** The series. */
    MetricId id();

    /** Its unit. */
    Unit unit();

    /** The latest recorded value, or {@code NaN} when there is none. */
    double latest();

    /** Wall time of the latest recorded value, or {@link Long#MIN_VALUE} when there is none. */
    long latestTimeMillis();

    /** Number of raw samples currently held. */
    int rawSize();

    /** Mean over the window. */
    double avg(Duration window);

    /** Minimum over the window. */
    double min(Duration window);

    /** Maximum over the window. */
    double max(Duration window);

    /** Sum over the window. */
    double sum(Duration window);

    /** Number of samples in the window. */
    long count(Duration window);

    /**
     * The {@code q}-quantile (0..1) of the samples in the window, with linear interpolation
     * between closest ranks.
     */
    double percentile(double q, Duration window);

    /**
     * Prometheus' {@code increase()} over the window: the increase of a counter, every drop
     * counted as a reset to zero, extrapolated to the window's ends exactly as PromQL's
     * {@code extrapolatedRate} does (so a counter growing 60 a minute gives 120 over a 2-minute
     * window, not the 60 x (n-1)/n between its first and last sample). {@code NaN} below two
     * samples in the window.
     */
    double increase(Duration window);

    /** Prometheus' {@code rate()}: {@link #increase} divided by the window's length in seconds. */
    double rate(Duration window);

    /** Least-squares slope over the window, in units per second (Prometheus' {@code deriv}). */
    double slope(Duration window);

    /**
     * The value the least-squares line over {@code window} predicts at {@code now + ahead}
     * (Prometheus' {@code predict_linear}).
     */
    double predict(Duration window, Duration ahead);

    /**
     * Points for a chart between two wall times (inclusive), from the tier a window reaching
     * back to {@code fromMillis} uses (raw samples up to the raw retention, and so on); raw
     * points have {@code min == avg == max}.
     *
     * <p>Edges: a raw sample is included when its time lies in {@code [fromMillis, toMillis]};
     * a consolidated point when its bucket holds a moment of that span, so the first point may
     * start before {@code fromMillis}. A point's time is its bucket's start; its samples stand
     * for the time up to the next tick (RRDtool's rows stand for the step before their time).
     *
     * <p>Gaps: a consolidated point missing more than {@link HistoryConfig#xff()} of its
     * expected samples (the bucket still filling counts the ticks so far) is
     * {@linkplain Point#known() unknown}, with {@code NaN} values, as is an empty bucket; between
     * raw samples more than two tick intervals apart an unknown point is inserted one interval
     * after the earlier sample. A chart thus draws a gap across an outage, not a line.
     */
    List<Point> range(long fromMillis, long toMillis);

    /**
     * One point of a range read.
     *
     * @param timeMillis start of the bucket (or time of the raw sample)
     * @param min smallest value in the bucket, {@code NaN} when unknown
     * @param avg mean value in the bucket, {@code NaN} when unknown
     * @param max largest value in the bucket, {@code NaN} when unknown
     * @param count samples consolidated into the point (an unknown point may have a few)
     */
    record Point(long timeMillis, double min, double avg, double max, long count) {

        /** An unknown point: a gap in a chart. */
        public static Point unknown(long timeMillis, long count) {
            return new Point(timeMillis, Double.NaN, Double.NaN, Double.NaN, count);
        }

        /** Whether the point has values; {@code false} for a gap. */
        public boolean known() {
            return !Double.isNaN(avg);
        }
    }
}
