package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Tick;
import dev.vigil.core.history.History;
import dev.vigil.core.history.HistoryConfig;
import dev.vigil.core.history.HistoryStore;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A pass where no alert changes state allocates nothing and stays cheap: 1,000 threshold rules
 * over 1,000 series. (The precise timing belongs to the JMH benchmark; this guards the shape.)
 */
class EvaluationCostTest {

    static final int N = 1000;

    /** A tick whose time moves while its samples stay the same objects. */
    static final class ReusedTick implements Tick {
        final List<Sample> samples;
        final History history;
        long time;

        ReusedTick(List<Sample> samples, History history) {
            this.samples = samples;
            this.history = history;
        }

        @Override
        public long sequence() {
            return time;
        }

        @Override
        public long timeMillis() {
            return time;
        }

        @Override
        public Duration interval() {
            return Duration.ofSeconds(10);
        }

        @Override
        public List<Sample> samples() {
            return samples;
        }

        @Override
        public Set<MetricId> unknown() {
            return Set.of();
        }

        @Override
        public double value(MetricId id) {
            return Double.NaN;
        }

        @Override
        public History history() {
            return history;
        }
    }

    @Test
    void aSteadyPassOverAThousandRulesAndSeriesAllocatesNothingAndIsFast() {
        steadyPasses(N, 20_000, 1000, Duration.ofMillis(10));
    }

    @Test
    void aSteadyPassOverTenThousandRulesAndSeriesAllocatesNothing() {
        // the JMH benchmark times it (under 1 ms on a quiet machine); here the allocation is exact
        steadyPasses(10 * N, 2_000, 100, Duration.ofMillis(100));
    }

    private static void steadyPasses(int rules, int warmUp, int passes, Duration bound) {
        AlertEngine.Builder b = AlertEngine.builder().synchronousListeners().reports(ReportCapture.none());
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < rules; i++) {
            b.rule(Rule.threshold("rule-" + i)
                    .metric("bench.value")
                    .where("id", Integer.toString(i))
                    .warnAbove(0.8)
                    .critAbove(0.9)
                    .forDuration(Duration.ofMinutes(1)));
            // a tenth of them are firing, steadily
            samples.add(new Sample(
                    MetricId.of("bench.value", "id", Integer.toString(i)), Unit.RATIO, 0, i % 10 == 0 ? 0.95 : 0.5));
        }
        AlertEngine engine = b.build();
        ReusedTick tick = new ReusedTick(samples, new HistoryStore(HistoryConfig.defaults(), Duration.ofSeconds(10)));
        for (int i = 0; i < warmUp; i++) { // warm up, and let the firing ones get past their for
            tick.time += 10_000;
            engine.onTick(tick);
        }
        assertThat(engine.activeAlerts()).hasSize(rules / 10);

        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long allocatedBefore = mx.getThreadAllocatedBytes(thread);
        long started = System.nanoTime();
        for (int i = 0; i < passes; i++) {
            tick.time += 10_000;
            engine.onTick(tick);
        }
        long nanosPerPass = (System.nanoTime() - started) / passes;
        long allocated = mx.getThreadAllocatedBytes(thread) - allocatedBefore;
        System.out.printf(
                "AlertEngine: %d rules x %d series: %d us per pass, %d bytes allocated in %d passes%n",
                rules, rules, nanosPerPass / 1000, allocated, passes);
        assertThat(allocated).isLessThan(1024); // the measurement itself may allocate a few bytes
        // generous: the benchmark's target is a tenth of it; a shared CI machine gets 10x headroom here
        assertThat(Duration.ofNanos(nanosPerPass)).isLessThan(bound);
    }
}
