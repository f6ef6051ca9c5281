package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.RulePacks;
import dev.vigil.core.Monitor;
import dev.vigil.core.container.ContainerMetrics;
import dev.vigil.core.host.HostMetrics;
import dev.vigil.core.host.ProcessMetrics;
import dev.vigil.core.jvm.JvmMetrics;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.probe.ProbeSource;
import dev.vigil.core.probe.Probes;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A rule copied from the docs fires: every metric a rule pack, the README, {@code docs/*.md} or a
 * Javadoc example names is one a built-in source emits, or is plainly an application's own metric
 * (its name starts with {@code app.}, {@code myapp.} or {@code demo.}, the text registers it itself
 * in a gauge, or the line naming it or the one before says it is an application's). Metrics are found where code names them: {@code .metric("...")},
 * {@code MetricId.of("...")} and {@code Sources.gauge("...")}.
 */
class MetricNamesInTheDocsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern NAMED = Pattern.compile(
            "(?:\\.metric|MetricId\\.of|Sources\\.gauge|Sources\\.counter)\\(\"([a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)+)\"");
    private static final Pattern DEFINED =
            Pattern.compile("Sources\\.(?:gauge|counter)\\((?:MetricId\\.of\\()?\"([a-z][a-z0-9_.]+)\"");
    private static final List<String> APPLICATION_PREFIXES = List.of("app.", "myapp.", "demo.");

    static Set<String> builtIn() {
        Set<String> names = new TreeSet<>();
        names.add(Monitor.SOURCE_UP); // the monitor's own status series of every source
        try (HostMetrics host = HostMetrics.create()) {
            host.describe().forEach(d -> names.add(d.name()));
        }
        ProcessMetrics.create().describe().forEach(d -> names.add(d.name()));
        JvmMetrics.create().describe().forEach(d -> names.add(d.name()));
        ContainerMetrics.create().describe().forEach(d -> names.add(d.name()));
        try (ProbeSource probes =
                ProbeSource.of(Probes.tcp("db", "localhost", 5432).build())) {
            probes.describe().stream().map(SeriesDescriptor::name).forEach(names::add);
        }
        return names;
    }

    @Test
    void everyMetricOfTheRulePacksIsEmittedByABuiltInSource() throws IllegalAccessException {
        Set<String> builtIn = builtIn();
        for (Rule rule : RulePacks.all()) {
            assertThat(builtIn).as("metric of rule " + rule.name()).contains(rule.metric());
        }
        for (Field f : RulePacks.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                assertThat(builtIn).as("RulePacks." + f.getName()).contains((String) f.get(null));
            }
        }
    }

    @Test
    void everyMetricTheReadmeTheDocsAndTheJavadocExamplesNameIsEmittedOrTheApplications() throws IOException {
        Set<String> builtIn = builtIn();
        List<String> wrong = new ArrayList<>();
        for (Path file : texts()) {
            String text = Files.readString(file);
            if (file.toString().endsWith(".java")) {
                text = JavadocExamplesCompileTest.examplesOf(file).stream()
                        .map(JavadocExamplesCompileTest.Example::code)
                        .collect(Collectors.joining("\n"));
            }
            Set<String> definedHere = new TreeSet<>();
            Matcher d = DEFINED.matcher(text);
            while (d.find()) {
                definedHere.add(d.group(1));
            }
            Matcher m = NAMED.matcher(text);
            while (m.find()) {
                String name = m.group(1);
                boolean application = APPLICATION_PREFIXES.stream().anyMatch(name::startsWith)
                        || definedHere.contains(name)
                        || saysApplication(text, m.start());
                if (!application && !builtIn.contains(name)) {
                    wrong.add(ROOT.relativize(file) + ": " + name);
                }
            }
        }
        assertThat(wrong)
                .as("metrics no built-in source emits (built-in: %s)", builtIn)
                .isEmpty();
    }

    @Test
    void theCheckFindsAMetricNoSourceEmits() {
        // the pattern the check relies on sees what it must: a copied rule on a made-up metric
        Matcher m = NAMED.matcher("Rule.threshold(\"x\").metric(\"disk.free.ratio\")");
        assertThat(m.find()).isTrue();
        assertThat(builtIn()).doesNotContain(m.group(1));
    }

    /** Whether the line at {@code at}, or the line before it, calls the metric an application's. */
    private static boolean saysApplication(String text, int at) {
        int lineStart = text.lastIndexOf('\n', at) + 1;
        int previousStart = lineStart == 0 ? 0 : text.lastIndexOf('\n', lineStart - 2) + 1;
        return text.substring(previousStart, at).contains("application");
    }

    /** README.md, docs/*.md and every main Java source of the modules. */
    private static List<Path> texts() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.filter(p -> Files.isDirectory(p.resolve("src/main/java")))
                    .sorted()
                    .toList()) {
                try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
                    sources.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
                }
            }
        }
        return files;
    }
}
