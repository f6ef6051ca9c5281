package dev.vigil.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.container.ContainerMetrics;
import dev.vigil.core.metric.MetricKind;
import dev.vigil.core.metric.SeriesDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the probe and container tables of the metric catalogue in step with the sources'
 * {@code describe()}.
 */
class ProbesCatalogueTest {

    private static final Path PART = Path.of("..", "docs", "metrics-parts", "probes.md");

    static String row(SeriesDescriptor d, String equivalentIn) {
        String unit = d.unit().symbol().isEmpty() ? "-" : d.unit().symbol();
        String kind = d.kind() == MetricKind.COUNTER ? "rate" : "gauge";
        String tags = d.tags().isEmpty() ? "-"
                : d.tags().stream().map(t -> "`" + t + "`").collect(Collectors.joining(", "));
        String meaning = d.meaning()
                + (d.equivalent() == null ? "" : " (" + equivalentIn + ": `" + d.equivalent() + "`)");
        return "| `" + d.name() + "` | " + unit + " | " + kind + " | " + tags + " | " + meaning + " |";
    }

    private static void assertTable(String heading, List<SeriesDescriptor> described, String equivalentIn)
            throws IOException {
        List<String> expected = new ArrayList<>();
        expected.add("| name | unit | kind | tags | meaning |");
        expected.add("|---|---|---|---|---|");
        described.forEach(d -> expected.add(row(d, equivalentIn)));

        List<String> lines = Files.readAllLines(PART);
        int start = lines.indexOf(heading);
        assertThat(start).as("'%s' heading in %s", heading, PART).isNotNegative();
        List<String> table = lines.subList(start + 1, lines.size()).stream()
                .dropWhile(l -> !l.startsWith("|"))
                .takeWhile(l -> l.startsWith("|"))
                .toList();

        assertThat(table).as("table of %s; expected:%n%s", PART, String.join("\n", expected))
                .containsExactlyElementsOf(expected);
        assertThat(described).extracting(SeriesDescriptor::name).doesNotHaveDuplicates();
    }

    @Test
    void probesTableListsEveryDescribedSeriesInOrder() throws IOException {
        try (ProbeSource probes = ProbeSource.of(Probes.tcp("db", "localhost", 5432).build())) {
            assertTable("## Probes", probes.describe(), "blackbox");
        }
    }

    @Test
    void containerTableListsEveryDescribedSeriesInOrder() throws IOException {
        assertTable("## Container", ContainerMetrics.create().describe(), "cAdvisor");
    }
}
