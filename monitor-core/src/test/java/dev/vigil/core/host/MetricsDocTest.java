package dev.vigil.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.metric.MetricKind;
import dev.vigil.core.metric.SeriesDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code docs/metrics-parts/host.md} lists exactly the series the sources describe, in order. */
class MetricsDocTest {

    static final Path DOC = Path.of("..", "docs", "metrics-parts", "host.md");

    /** The table rows of one descriptor list, as the docs show them. */
    static List<String> rows(List<SeriesDescriptor> descriptors) {
        List<String> rows = new ArrayList<>();
        rows.add("| name | unit | kind | tags | meaning |");
        rows.add("|---|---|---|---|---|");
        for (SeriesDescriptor d : descriptors) {
            String unit = d.unit().symbol().isEmpty() ? "-" : d.unit().symbol();
            String kind = d.kind() == MetricKind.COUNTER ? "rate" : "gauge";
            String tags = d.tags().isEmpty() ? "-"
                    : d.tags().stream().map(t -> "`" + t + "`").collect(Collectors.joining(", "));
            rows.add("| `" + d.name() + "` | " + unit + " | " + kind + " | " + tags + " | "
                    + d.meaning().replace("|", "\\|") + " |");
        }
        return rows;
    }

    /** The table lines under {@code heading}, up to the next heading. */
    static List<String> table(List<String> lines, String heading) {
        int start = lines.indexOf(heading);
        assertThat(start).as("heading %s in %s", heading, DOC).isNotNegative();
        List<String> table = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            if (lines.get(i).startsWith("|")) {
                table.add(lines.get(i));
            }
        }
        return table;
    }

    @Test
    void theHostAndProcessTablesMatchTheDescriptors() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        try (HostMetrics host = HostMetrics.create()) {
            assertThat(table(lines, "## Host")).containsExactlyElementsOf(rows(host.describe()));
        }
        assertThat(table(lines, "## Process")).containsExactlyElementsOf(rows(ProcessMetrics.create().describe()));
    }
}
