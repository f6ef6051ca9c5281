package dev.vigil.dashboard;

import dev.vigil.core.history.History;
import dev.vigil.core.metric.MetricId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The series a history holds, grouped as the pages show them: by category (Munin's graph
 * categories) and by metric name, one chart per name.
 */
final class Catalog {

    /** Categories in page order; a series belongs to the first whose prefixes match its name. */
    enum Category {
        HOST("Host", "system.", "disk.", "network."),
        PROCESS("Process", "process."),
        JVM("JVM", "jvm."),
        CONTAINER("Container", "container."),
        PROBES("Probes", "probe."),
        APPLICATION("Application");

        final String title;

        @SuppressWarnings("ImmutableEnumChecker") // List.of: unmodifiable, which the check cannot see
        private final List<String> prefixes;

        Category(String title, String... prefixes) {
            this.title = title;
            this.prefixes = List.of(prefixes);
        }

        static Category of(String name) {
            for (Category c : values()) {
                for (String p : c.prefixes) {
                    if (name.startsWith(p)) {
                        return c;
                    }
                }
            }
            return APPLICATION;
        }

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Most series drawn in one chart; the rest are listed, not drawn. */
    static final int MAX_SERIES_PER_CHART = 8;

    private Catalog() {}

    /** The series' ids by category then name, sorted. */
    static Map<Category, Map<String, List<MetricId>>> byCategory(History history) {
        Map<Category, Map<String, List<MetricId>>> out = new TreeMap<>();
        for (MetricId id : history.ids()) {
            out.computeIfAbsent(Category.of(id.name()), c -> new TreeMap<>())
                    .computeIfAbsent(id.name(), n -> new ArrayList<>())
                    .add(id);
        }
        out.values().forEach(names -> names.values().forEach(ids -> ids.sort(Comparator.naturalOrder())));
        return out;
    }

    /** The id whose {@link MetricId#toString()} is {@code key}, or {@code null}. */
    static @Nullable MetricId find(History history, String key) {
        for (MetricId id : history.ids()) {
            if (id.toString().equals(key)) {
                return id;
            }
        }
        return null;
    }

    /** Every series named {@code name}, sorted. */
    static List<MetricId> named(History history, String name) {
        List<MetricId> ids = new ArrayList<>();
        history.byName(name).forEach(s -> ids.add(s.id()));
        ids.sort(Comparator.naturalOrder());
        return ids;
    }
}
