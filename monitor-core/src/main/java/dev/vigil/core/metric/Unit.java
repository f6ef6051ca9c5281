package dev.vigil.core.metric;

/**
 * The base unit of a series, so that rules and reports can format values for humans
 * (bytes as GiB, ratios as percent, seconds as durations).
 *
 * <pre>{@code
 * sink.gauge(MetricId.of("disk.free", "mount", "/"), Unit.BYTES, 12.5e9);
 * }</pre>
 */
public enum Unit {
    /** A plain number (counts, load averages). */
    NONE(""),
    /** Bytes. */
    BYTES("bytes"),
    /** Bytes per second. */
    BYTES_PER_SECOND("bytes/s"),
    /** Seconds. */
    SECONDS("seconds"),
    /** Seconds per second, e.g. GC pause time per second of wall time. */
    SECONDS_PER_SECOND("seconds/s"),
    /** A ratio from 0 to 1. */
    RATIO("ratio"),
    /** Events (operations, packets, errors) per second. */
    PER_SECOND("1/s"),
    /** CPU cores. */
    CORES("cores"),
    /** Seconds since the Unix epoch. */
    EPOCH_SECONDS("epoch seconds");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    /** Short text used in documentation, e.g. {@code bytes/s}. */
    public String symbol() {
        return symbol;
    }
}
