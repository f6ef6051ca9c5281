package dev.vigil.core.history;

import dev.vigil.core.metric.MetricId;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Read-only view of the bounded in-memory history of every series (Munin's round-robin
 * archives). Safe to read from any thread.
 *
 * <pre>{@code
 * SeriesHistory free = history.series(MetricId.of("disk.free", "mount", "/"));
 * double inFourHours = free.predict(Duration.ofHours(1), Duration.ofHours(4));
 * }</pre>
 */
public interface History {

    /** The history of {@code id}, or {@code null} when the series has never been recorded. */
    @Nullable
    SeriesHistory series(MetricId id);

    /** Every series with a history, in no particular order. */
    Collection<MetricId> ids();

    /** The histories of every series named {@code name}, whatever their tags. */
    List<SeriesHistory> byName(String name);

    /**
     * Wall time (epoch milliseconds) of the latest tick recorded; the end of every query window.
     * {@link Long#MIN_VALUE} before the first tick.
     */
    long nowMillis();

    /** The tiers and limits this history keeps. */
    HistoryConfig config();
}
