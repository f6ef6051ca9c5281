package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.MetricKind;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.micrometer.VigilMeterBinder;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.time.ManualClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in series, published by {@link VigilMeterBinder} into Micrometer's own
 * {@link PrometheusMeterRegistry}, is what Prometheus' linter accepts: {@code promtool check
 * metrics} (Debian package {@code prometheus}) is the judge, not our reading of the conventions.
 * The series come from the sources' descriptors, so the test does not depend on this machine.
 */
class PrometheusExportTest {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final String DOC_HEADING = "### Prometheus names";

    final ManualClock clock = ManualClock.create();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Monitor monitor;
    VigilMeterBinder binder;
    EverySeries source;

    @BeforeEach
    void start() {
        source = new EverySeries();
        monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .source(source)
                .build();
        binder = new VigilMeterBinder(monitor);
        binder.bindTo(registry);
        monitor.tickNow();
        clock.advance(Duration.ofSeconds(10));
        monitor.tickNow();
    }

    @AfterEach
    void stop() {
        binder.close();
        monitor.close();
        registry.close();
    }

    /** Emits every described series of every built-in source: gauges as is, counters growing. */
    static final class EverySeries implements MetricSource {
        final List<SeriesDescriptor> described = new ArrayList<>();
        int ticks;

        EverySeries() {
            MetricsCatalogueTest.sections().values().forEach(described::addAll);
        }

        static MetricId id(SeriesDescriptor d) {
            String[] tags = new String[d.tags().size() * 2];
            for (int i = 0; i < d.tags().size(); i++) {
                tags[2 * i] = d.tags().get(i);
                tags[2 * i + 1] = "x";
            }
            return MetricId.of(d.name(), tags);
        }

        @Override
        public void sample(SampleSink sink) {
            ticks++;
            for (SeriesDescriptor d : described) {
                if (d.kind() == MetricKind.COUNTER) {
                    sink.counter(id(d), d.unit(), 1000.0 * ticks);
                } else {
                    sink.gauge(id(d), d.unit(), 0.5);
                }
            }
        }

        @Override
        public String name() {
            return "every-series";
        }
    }

    @Test
    void promtoolFindsNothingToSayAboutTheScrapeOfEveryBuiltInSeries(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), "skipped: " + PROMTOOL + " is absent (Debian package 'prometheus')");
        String scrape = registry.scrape();
        assertThat(types(scrape)).hasSize(source.described.size());

        Path file = dir.resolve("scrape.txt");
        Files.writeString(file, scrape);
        Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
                .redirectInput(file.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS))
                .as("promtool finished")
                .isTrue();
        String findings = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(findings).as("promtool check metrics on\n%s", scrape).isBlank();
        assertThat(promtool.exitValue()).isZero();
    }

    @Test
    void cumulativeTotalsAreCountersAndUnitsBecomeSuffixes() {
        Map<String, String> types = types(registry.scrape());

        // what the issue found: rates as amounts, ratios and epoch seconds without their unit, _count
        assertThat(types)
                .containsEntry("vigil_network_receive_bytes_total", "counter")
                .containsEntry("vigil_jvm_gc_pause_seconds_total", "counter")
                .containsEntry("vigil_container_cpu_usage_seconds_total", "counter")
                .containsEntry("vigil_disk_read_ops_total", "counter")
                .containsEntry("vigil_disk_usage_ratio", "gauge")
                .containsEntry("vigil_process_start_time_seconds", "gauge")
                .containsEntry("vigil_probe_tls_cert_not_after_seconds", "gauge")
                .containsEntry("vigil_system_cpu_count_cores", "gauge")
                .containsEntry("vigil_jvm_buffer_count_items", "gauge");
        assertThat(types.keySet()).noneMatch(n -> n.endsWith("_count") || n.endsWith("_sum") || n.endsWith("_bucket"));
        for (SeriesDescriptor d : source.described) {
            if (d.unit().symbol().equals("ratio")) {
                assertThat(types)
                        .as("%s", d.name())
                        .containsKey("vigil_" + d.name().replace('.', '_') + "_ratio");
            }
        }
    }

    @Test
    void aCounterHoldsTheIncreaseVigilSawSoPrometheusRateEqualsVigilsRate() {
        // two ticks 10 s apart: the counters read 1000 then 2000, so Vigil's rate is 100/s and the
        // exported total is the increase between them
        MetricId received = MetricId.of("network.receive.bytes", "interface", "x");
        assertThat(monitor.lastTick().value(received)).isEqualTo(100.0);
        assertThat(registry.get("vigil.network.receive.bytes")
                        .tag("interface", "x")
                        .functionCounter()
                        .count())
                .isEqualTo(1000.0);

        clock.advance(Duration.ofSeconds(20));
        monitor.tickNow();

        assertThat(monitor.lastTick().value(received)).isEqualTo(50.0);
        assertThat(registry.get("vigil.network.receive.bytes")
                        .tag("interface", "x")
                        .functionCounter()
                        .count())
                .isEqualTo(2000.0);
    }

    /** docs/metrics.md lists the Prometheus name of every built-in series, taken from the registry. */
    @Test
    void theDocumentedPrometheusNamesAreTheRegistrysNames() throws IOException {
        List<String> expected = new ArrayList<>();
        expected.add("| Vigil series | Prometheus name (`VigilMeterBinder`, default prefix) | type |");
        expected.add("|---|---|---|");
        Map<String, String> byVigilName = new LinkedHashMap<>();
        String scrape = registry.scrape();
        for (SeriesDescriptor d : source.described) {
            String prometheus = registry.find(VigilMeterBinder.DEFAULT_PREFIX + d.name()).meters().stream()
                    .map(m -> m.getId().getConventionName(registry.config().namingConvention()))
                    .findFirst()
                    .orElseThrow();
            String type = types(scrape).entrySet().stream()
                    .filter(e -> e.getKey().equals(prometheus) || e.getKey().equals(prometheus + "_total"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElseThrow();
            String name = type.equals("counter") ? prometheus + "_total" : prometheus;
            if (byVigilName.putIfAbsent(d.name(), name) == null) {
                expected.add("| `" + d.name() + "` | `" + name + "` | " + type + " |");
            }
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(MetricsCatalogueTest.DOC));
        int[] at = MetricsCatalogueTest.locate(lines, DOC_HEADING);
        List<String> actual = lines.subList(at[0], at[0] + at[1]);
        if (Boolean.getBoolean("vigil.updateDocs")) {
            actual.clear();
            actual.addAll(expected);
            Files.write(MetricsCatalogueTest.DOC, lines);
        } else {
            assertThat(actual)
                    .as("table under '%s' (rerun with -Dvigil.updateDocs=true)", DOC_HEADING)
                    .containsExactlyElementsOf(expected);
        }
    }

    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);

    /** Metric family name to type, from the exposition's TYPE lines. */
    static Map<String, String> types(String scrape) {
        Map<String, String> types = new LinkedHashMap<>();
        Matcher m = TYPE.matcher(scrape);
        while (m.find()) {
            String family = m.group(1);
            types.put(
                    m.group(2).equals("counter") && !family.endsWith("_total") ? family + "_total" : family,
                    m.group(2));
        }
        return types;
    }
}
