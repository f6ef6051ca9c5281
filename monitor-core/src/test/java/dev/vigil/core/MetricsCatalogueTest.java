package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.container.ContainerMetrics;
import dev.vigil.core.host.HostMetrics;
import dev.vigil.core.host.ProcessMetrics;
import dev.vigil.core.jvm.JvmMetrics;
import dev.vigil.core.metric.MetricKind;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.probe.ProbeSource;
import dev.vigil.core.probe.Probes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/metrics.md} lists exactly the series every built-in source describes, section by
 * section, in order. Run with {@code -Dvigil.updateDocs=true} to rewrite the tables from the code.
 */
class MetricsCatalogueTest {

    static final Path DOC = Path.of("..", "docs", "metrics.md");
    static final String HEADER = "| name | unit | kind | tags | meaning | equivalent |";
    static final String SEPARATOR = "|---|---|---|---|---|---|";

    static Map<String, List<SeriesDescriptor>> sections() {
        Map<String, List<SeriesDescriptor>> sections = new LinkedHashMap<>();
        try (HostMetrics host = HostMetrics.create()) {
            sections.put("## Host", host.describe());
        }
        sections.put("## Process", ProcessMetrics.create().describe());
        sections.put("## JVM", JvmMetrics.create().describe());
        try (ProbeSource probes =
                ProbeSource.of(Probes.tcp("db", "localhost", 5432).build())) {
            sections.put("## Probes", probes.describe());
        }
        sections.put("## Container", ContainerMetrics.create().describe());
        return sections;
    }

    static List<String> table(List<SeriesDescriptor> descriptors) {
        List<String> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add(SEPARATOR);
        for (SeriesDescriptor d : descriptors) {
            String unit = d.unit().symbol().isEmpty() ? "-" : d.unit().symbol();
            String kind = d.kind() == MetricKind.COUNTER ? "rate" : "gauge";
            String tags = d.tags().isEmpty()
                    ? "-"
                    : d.tags().stream().map(t -> "`" + t + "`").collect(Collectors.joining(", "));
            String equivalent = d.equivalent() == null ? "-" : "`" + d.equivalent() + "`";
            rows.add("| `" + d.name() + "` | " + unit + " | " + kind + " | " + tags + " | "
                    + d.meaning().replace("|", "\\|") + " | " + equivalent + " |");
        }
        return rows;
    }

    /** Index of the first table line under {@code heading} and the table's length. */
    static int[] locate(List<String> lines, String heading) {
        int start = lines.indexOf(heading);
        assertThat(start).as("heading '%s' in %s", heading, DOC).isNotNegative();
        int first = -1;
        int length = 0;
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            if (lines.get(i).startsWith("|")) {
                if (first < 0) {
                    first = i;
                }
                length++;
            } else if (first >= 0) {
                break;
            }
        }
        assertThat(first).as("a table under '%s' in %s", heading, DOC).isNotNegative();
        return new int[] {first, length};
    }

    @Test
    void everySectionListsExactlyTheDescribedSeries() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(DOC));
        boolean update = Boolean.getBoolean("vigil.updateDocs");
        for (Map.Entry<String, List<SeriesDescriptor>> section : sections().entrySet()) {
            List<String> expected = table(section.getValue());
            int[] at = locate(lines, section.getKey());
            List<String> actual = lines.subList(at[0], at[0] + at[1]);
            if (update) {
                actual.clear();
                actual.addAll(expected);
            } else {
                assertThat(actual)
                        .as("table under '%s' in %s (rerun with -Dvigil.updateDocs=true)", section.getKey(), DOC)
                        .containsExactlyElementsOf(expected);
            }
        }
        if (update) {
            Files.write(DOC, lines);
        }
    }

    @Test
    void namesAreUniqueWithinEachSourceAndTheCatalogueIsRich() {
        int total = 0;
        for (List<SeriesDescriptor> described : sections().values()) {
            assertThat(described).extracting(SeriesDescriptor::name).doesNotHaveDuplicates();
            total += described.size();
        }
        assertThat(total).as("built-in series documented").isGreaterThanOrEqualTo(40);
    }
}
