package dev.vigil.benchmarks.rules;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.silence.Silence;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One evaluation pass with a hostile silence: the matcher {@code instance=~"(.*a){12}"} is checked
 * against ten firing alerts whose {@code instance} label is 29 characters that almost match. A
 * backtracking engine takes about a second per check; RE2 must take microseconds.
 *
 * <pre>{@code
 * java -jar vigil-benchmarks.jar --only rules
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HostileSilenceBenchmark {

    static final int ALERTS = 10;

    private AlertEngine engine;
    private BenchTick tick;
    private List<Sample> samples;

    @Setup
    public void setUp() {
        Duration interval = Duration.ofSeconds(10);
        HistoryStore history = new HistoryStore(HistoryConfig.defaults(), interval);
        long start = System.currentTimeMillis(); // the engine's clock judges silences added between ticks
        engine = AlertEngine.builder()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("usage").metric("bench.usage").critAbove(0.5))
                .build();
        engine.silence(Silence.matching(LabelMatcher.regex("instance", "(.*a){12}"))
                .from(Instant.ofEpochMilli(start))
                .lasting(Duration.ofDays(365))
                .by("bench")
                .comment("hostile")
                .build());
        samples = new ArrayList<>();
        for (int i = 0; i < ALERTS; i++) {
            String instance = "a".repeat(28 - Integer.toString(i).length()) + i + "!"; // 29 characters
            samples.add(new Sample(MetricId.of("bench.usage", "instance", instance), Unit.RATIO, start, 0.9));
        }
        tick = new BenchTick(interval, history, start);
        engine.onTick(tick.advance(samples)); // all fire, silenced or not
        if (engine.activeAlerts().size() != ALERTS) {
            throw new IllegalStateException("every alert must fire: " + engine.activeAlerts());
        }
    }

    @Benchmark
    public BenchTick evaluatePassWithHostileSilence() {
        engine.onTick(tick.advance(samples));
        return tick;
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }
}
