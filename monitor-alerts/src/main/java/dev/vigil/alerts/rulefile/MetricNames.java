package dev.vigil.alerts.rulefile;

import dev.vigil.core.metric.MetricId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a PromQL metric name onto Vigil's series names. Vigil names are dotted
 * ({@code disk.usage}); PromQL names cannot hold a dot, so a rule writes {@code disk_usage}, and
 * it means the one known Vigil name that reads the same with every {@code .} written as
 * {@code _}. A name quoted as {@code {__name__="disk.usage"}} is taken as it is.
 */
final class MetricNames {

    private final Set<String> known;

    MetricNames(Collection<String> known) {
        this.known = new TreeSet<>(known);
    }

    /**
     * The Vigil name {@code written} means.
     *
     * @throws IllegalArgumentException naming the mapping when it matches no name or several
     */
    String resolve(String written, boolean quoted) {
        if (quoted) {
            if (!MetricId.isValidName(written)) {
                throw new IllegalArgumentException("'" + written + "' is not a valid Vigil metric name");
            }
            return written;
        }
        List<String> matches = new ArrayList<>();
        for (String name : known) {
            if (name.equals(written) || name.replace('.', '_').equals(written)) {
                matches.add(name);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException("metric '" + written + "' matches several Vigil series names " + matches
                    + "; quote the one meant: {__name__=\"" + matches.get(0) + "\"}");
        }
        String example = known.isEmpty() ? "disk.usage" : known.iterator().next();
        throw new IllegalArgumentException("metric '" + written + "' matches no Vigil series name: Vigil's names are "
                + "dotted and a PromQL rule writes them with '_' (" + example + " as " + example.replace('.', '_')
                + "), or quotes them as {__name__=\"" + example + "\"}; known names: " + String.join(", ", known));
    }
}
