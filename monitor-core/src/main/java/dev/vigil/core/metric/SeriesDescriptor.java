package dev.vigil.core.metric;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Documentation of one series a built-in source produces: the rows of {@code docs/metrics.md}
 * come from these, and a test keeps the two in sync.
 *
 * <pre>{@code
 * new SeriesDescriptor("disk.free", Unit.BYTES, MetricKind.GAUGE, List.of("mount"),
 *         "Bytes free for unprivileged users on the filesystem", null);
 * }</pre>
 *
 * @param name metric name
 * @param unit unit of the recorded value (for counters: of the rate)
 * @param kind gauge, or counter recorded as a per-second rate
 * @param tags tag keys the series carries
 * @param meaning one sentence for a human
 * @param equivalent the same measurement's name elsewhere (cAdvisor, node_exporter,
 *     blackbox_exporter), or {@code null}
 */
public record SeriesDescriptor(
        String name,
        Unit unit,
        MetricKind kind,
        List<String> tags,
        String meaning,
        @Nullable String equivalent) {
    public SeriesDescriptor {
        if (!MetricId.isValidName(name)) {
            throw new IllegalArgumentException("invalid series name '" + name + "'");
        }
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(kind, "kind");
        tags = List.copyOf(tags);
        Objects.requireNonNull(meaning, "meaning");
    }

    /** A gauge without an equivalent. */
    public static SeriesDescriptor gauge(String name, Unit unit, String meaning, String... tags) {
        return new SeriesDescriptor(name, unit, MetricKind.GAUGE, List.of(tags), meaning, null);
    }

    /** A counter recorded as a rate, without an equivalent. */
    public static SeriesDescriptor counter(String name, Unit rateUnit, String meaning, String... tags) {
        return new SeriesDescriptor(name, rateUnit, MetricKind.COUNTER, List.of(tags), meaning, null);
    }

    /** A copy naming the same measurement elsewhere, e.g. cAdvisor's name. */
    public SeriesDescriptor withEquivalent(String equivalent) {
        return new SeriesDescriptor(name, unit, kind, tags, meaning, equivalent);
    }
}
