package dev.vigil.core.jvm;

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

/** Keeps the JVM table of the metric catalogue in step with {@link JvmMetrics#describe()}. */
class JvmMetricsCatalogueTest {

    private static final Path PART = Path.of("..", "docs", "metrics-parts", "jvm.md");

    static String row(SeriesDescriptor d) {
        String unit = d.unit().symbol().isEmpty() ? "-" : d.unit().symbol();
        String kind = d.kind() == MetricKind.COUNTER ? "rate" : "gauge";
        String tags = d.tags().isEmpty() ? "-"
                : d.tags().stream().map(t -> "`" + t + "`").collect(Collectors.joining(", "));
        return "| `" + d.name() + "` | " + unit + " | " + kind + " | " + tags + " | " + d.meaning() + " |";
    }

    @Test
    void jvmTableListsEveryDescribedSeriesInOrder() throws IOException {
        List<String> expected = new ArrayList<>();
        expected.add("| name | unit | kind | tags | meaning |");
        expected.add("|---|---|---|---|---|");
        JvmMetrics.create().describe().forEach(d -> expected.add(row(d)));

        List<String> lines = Files.readAllLines(PART);
        int start = lines.indexOf("## JVM");
        assertThat(start).as("'## JVM' heading in %s", PART).isNotNegative();
        List<String> table = lines.subList(start + 1, lines.size()).stream()
                .dropWhile(l -> !l.startsWith("|"))
                .takeWhile(l -> l.startsWith("|"))
                .toList();

        assertThat(table).as("table of %s; expected:%n%s", PART, String.join("\n", expected))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void describedNamesAreUnique() {
        List<String> names = JvmMetrics.create().describe().stream().map(SeriesDescriptor::name).toList();
        assertThat(names).doesNotHaveDuplicates();
    }
}
