package dev.vigil.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Sample;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.time.ManualClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicrometerSourceTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ManualClock clock = ManualClock.create();
    private Monitor monitor;

    @AfterEach
    void close() {
        if (monitor != null) {
            monitor.close();
        }
        registry.close();
    }

    private Monitor monitorOf(MicrometerSource source) {
        monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .source(source)
                .build();
        return monitor;
    }

    private Tick tickAfter(Duration elapsed) {
        clock.advance(elapsed);
        return monitor.tickNow();
    }

    private static Sample sample(Tick tick, MetricId id) {
        return tick.samples().stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in " + tick.samples()));
    }

    @Test
    void gaugeIsReadAsItIsWithItsTagsAndUnit() {
        AtomicLong depth = new AtomicLong(7);
        Gauge.builder("app.queue.depth", depth, AtomicLong::get)
                .tag("queue", "orders")
                .register(registry);
        Gauge.builder("app.cache.size", depth, d -> d.get() * 1024.0)
                .baseUnit("bytes")
                .register(registry);
        monitorOf(MicrometerSource.of(registry));

        Tick first = monitor.tickNow();
        depth.set(9);
        Tick second = tickAfter(Duration.ofSeconds(10));

        assertThat(first.value(MetricId.of("app.queue.depth", "queue", "orders")))
                .isEqualTo(7);
        assertThat(second.value(MetricId.of("app.queue.depth", "queue", "orders")))
                .isEqualTo(9);
        assertThat(sample(second, MetricId.of("app.cache.size")).unit()).isEqualTo(Unit.BYTES);
        assertThat(second.value(MetricId.of("app.cache.size"))).isEqualTo(9 * 1024.0);
    }

    @Test
    void gaugeThatCannotBeReadIsUnknown() {
        Gauge.builder("app.broken", () -> Double.NaN).register(registry);
        monitorOf(MicrometerSource.of(registry));

        Tick tick = monitor.tickNow();

        assertThat(tick.unknown()).contains(MetricId.of("app.broken"));
        assertThat(monitor.stats().invalidValues()).isZero();
    }

    @Test
    void timeGaugeIsInSeconds() {
        AtomicLong millis = new AtomicLong(2500);
        TimeGauge.builder("app.lag", millis, TimeUnit.MILLISECONDS, AtomicLong::get)
                .register(registry);
        monitorOf(MicrometerSource.of(registry));

        Sample lag = sample(monitor.tickNow(), MetricId.of("app.lag"));

        assertThat(lag.value()).isEqualTo(2.5);
        assertThat(lag.unit()).isEqualTo(Unit.SECONDS);
    }

    @Test
    void countersBecomePerSecondRates() {
        Counter jobs = Counter.builder("app.jobs.done").tag("kind", "mail").register(registry);
        AtomicLong bytes = new AtomicLong();
        FunctionCounter.builder("app.bytes.sent", bytes, AtomicLong::get)
                .baseUnit("bytes")
                .register(registry);
        monitorOf(MicrometerSource.of(registry));

        Tick first = monitor.tickNow();
        jobs.increment(50);
        bytes.addAndGet(10_000);
        Tick second = tickAfter(Duration.ofSeconds(10));

        assertThat(first.value(MetricId.of("app.jobs.done", "kind", "mail")))
                .as("no rate from one reading")
                .isNaN();
        Sample jobsRate = sample(second, MetricId.of("app.jobs.done", "kind", "mail"));
        assertThat(jobsRate.value()).isEqualTo(5.0);
        assertThat(jobsRate.unit()).isEqualTo(Unit.PER_SECOND);
        Sample bytesRate = sample(second, MetricId.of("app.bytes.sent"));
        assertThat(bytesRate.value()).isEqualTo(1000.0);
        assertThat(bytesRate.unit()).isEqualTo(Unit.BYTES_PER_SECOND);
    }

    @Test
    void timerGivesCountRateIntervalMeanMaxAndPublishedPercentiles() {
        Timer timer = Timer.builder("http.server.requests")
                .tag("uri", "/orders")
                .publishPercentiles(0.5, 0.95)
                .register(registry);
        monitorOf(MicrometerSource.of(registry));
        timer.record(Duration.ofMillis(100));
        timer.record(Duration.ofMillis(300));

        Tick first = monitor.tickNow();
        for (int i = 0; i < 20; i++) {
            timer.record(Duration.ofSeconds(1));
        }
        Tick second = tickAfter(Duration.ofSeconds(10));

        MetricId base = MetricId.of("http.server.requests", "uri", "/orders");
        assertThat(first.value(MetricId.of("http.server.requests.mean", "uri", "/orders")))
                .as("first mean: since the timer was created")
                .isCloseTo(0.2, within(1e-9));
        assertThat(second.value(MetricId.of("http.server.requests.count", "uri", "/orders")))
                .isEqualTo(2.0);
        assertThat(second.value(MetricId.of("http.server.requests.mean", "uri", "/orders")))
                .as("mean of this interval's events only")
                .isCloseTo(1.0, within(1e-9));
        Sample max = sample(second, MetricId.of("http.server.requests.max", "uri", "/orders"));
        assertThat(max.value()).isCloseTo(1.0, within(1e-9));
        assertThat(max.unit()).isEqualTo(Unit.SECONDS);
        double p50 = second.value(MetricId.of("http.server.requests.percentile", "uri", "/orders", "phi", "0.5"));
        double p95 = second.value(MetricId.of("http.server.requests.percentile", "uri", "/orders", "phi", "0.95"));
        assertThat(p50).isBetween(0.9, 1.1);
        assertThat(p95).isBetween(0.9, 1.1);
        assertThat(second.samples()).extracting(s -> s.id().name()).doesNotContain(base.name());
    }

    @Test
    void timerWithoutEventsInAnIntervalHasNoMean() {
        Timer timer = Timer.builder("app.call").register(registry);
        timer.record(Duration.ofMillis(10));
        monitorOf(MicrometerSource.of(registry));

        monitor.tickNow();
        Tick quiet = tickAfter(Duration.ofSeconds(10));

        assertThat(quiet.value(MetricId.of("app.call.count"))).isZero();
        assertThat(quiet.value(MetricId.of("app.call.mean"))).isNaN();
        assertThat(quiet.unknown()).doesNotContain(MetricId.of("app.call.mean"));
    }

    @Test
    void distributionSummaryIsInItsBaseUnit() {
        DistributionSummary sizes = DistributionSummary.builder("http.request.size")
                .baseUnit("bytes")
                .publishPercentiles(0.95)
                .register(registry);
        monitorOf(MicrometerSource.of(registry));
        sizes.record(1000);
        sizes.record(3000);

        Tick first = monitor.tickNow();
        sizes.record(500);
        Tick second = tickAfter(Duration.ofSeconds(5));

        assertThat(first.value(MetricId.of("http.request.size.mean"))).isEqualTo(2000.0);
        assertThat(second.value(MetricId.of("http.request.size.count"))).isEqualTo(0.2);
        Sample mean = sample(second, MetricId.of("http.request.size.mean"));
        assertThat(mean.value()).isEqualTo(500.0);
        assertThat(mean.unit()).isEqualTo(Unit.BYTES);
        assertThat(second.value(MetricId.of("http.request.size.max"))).isEqualTo(3000.0);
        assertThat(second.value(MetricId.of("http.request.size.percentile", "phi", "0.95")))
                .isBetween(2500.0, 3500.0);
    }

    @Test
    void longTaskTimerDescribesTheRunningTasks() {
        LongTaskTimer imports = LongTaskTimer.builder("app.import").register(registry);
        LongTaskTimer.Sample running = imports.start();
        monitorOf(MicrometerSource.of(registry));

        Tick tick = monitor.tickNow();
        running.stop();
        Tick after = tickAfter(Duration.ofSeconds(10));

        assertThat(tick.value(MetricId.of("app.import.active"))).isEqualTo(1.0);
        assertThat(tick.value(MetricId.of("app.import.duration"))).isGreaterThanOrEqualTo(0.0);
        assertThat(after.value(MetricId.of("app.import.active"))).isZero();
        assertThat(after.value(MetricId.of("app.import.mean"))).isNaN();
    }

    @Test
    void customMeterGivesOneSeriesPerStatistic() {
        AtomicLong total = new AtomicLong();
        Meter.builder(
                        "app.custom",
                        Meter.Type.OTHER,
                        List.of(
                                new Measurement(() -> 42.0, Statistic.VALUE),
                                new Measurement(() -> (double) total.get(), Statistic.COUNT),
                                new Measurement(() -> 2.0, Statistic.ACTIVE_TASKS)))
                .register(registry);
        monitorOf(MicrometerSource.of(registry));

        monitor.tickNow();
        total.addAndGet(30);
        Tick tick = tickAfter(Duration.ofSeconds(10));

        assertThat(tick.value(MetricId.of("app.custom"))).isEqualTo(42.0);
        assertThat(tick.value(MetricId.of("app.custom.count"))).isEqualTo(3.0);
        assertThat(tick.value(MetricId.of("app.custom.active"))).isEqualTo(2.0);
    }

    @Test
    void includeAndExcludeFilterByNamePrefixAndPredicate() {
        Counter.builder("http.server.requests.errors").register(registry);
        Gauge.builder("http.server.active", () -> 3).register(registry);
        Gauge.builder("http.server.active", () -> 4).tag("uri", "/actuator").register(registry);
        Gauge.builder("http.client.active", () -> 5).register(registry);
        Gauge.builder("db.pool.size", () -> 6).register(registry);
        monitorOf(MicrometerSource.builder(registry)
                .include("http.server")
                .include(id -> id.getName().startsWith("db."))
                .exclude("http.server.requests")
                .exclude(id -> "/actuator".equals(id.getTag("uri")))
                .build());

        Tick tick = monitor.tickNow();

        assertThat(tick.samples())
                .extracting(s -> s.id().toString())
                .containsExactlyInAnyOrder("http.server.active", "db.pool.size");
    }

    @Test
    void emptyFilterPrefixIsRefused() {
        assertThatThrownBy(() -> MicrometerSource.builder(registry).include(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("include");
    }

    @Test
    void namesAndTagKeysAreMadeValid() {
        Gauge.builder("myApp.requestCount", () -> 1).tag("http method", "GET").register(registry);
        monitorOf(MicrometerSource.of(registry));

        Tick tick = monitor.tickNow();

        assertThat(tick.value(MetricId.of("my_app.request_count", "http_method", "GET")))
                .isEqualTo(1.0);
    }

    @Test
    void meterWhoseSeriesCollideWithAnotherIsSkipped() {
        Gauge.builder("app.request_count", () -> 1).register(registry);
        Gauge.builder("app.requestCount", () -> 2).register(registry);
        monitorOf(MicrometerSource.of(registry));

        Tick tick = monitor.tickNow();

        assertThat(tick.samples()).hasSize(1);
        assertThat(tick.samples().get(0).id()).isEqualTo(MetricId.of("app.request_count"));
    }

    @Test
    void skippedCollidingMeterIsReadOnceTheOtherIsRemoved() {
        Gauge first = Gauge.builder("app.request_count", () -> 1).register(registry);
        Gauge second = Gauge.builder("app.requestCount", () -> 2).register(registry);
        monitorOf(MicrometerSource.of(registry));
        double winner = monitor.tickNow().value(MetricId.of("app.request_count"));

        registry.remove(winner == 1.0 ? first : second);
        tickAfter(Duration.ofSeconds(10)); // the removal is noticed at the end of this pass
        Tick tick = tickAfter(Duration.ofSeconds(10));

        assertThat(tick.value(MetricId.of("app.request_count"))).isEqualTo(winner == 1.0 ? 2.0 : 1.0);
    }

    @Test
    void removedMeterStopsAndItsNameIsFreeAgain() {
        Gauge old = Gauge.builder("app.requestCount", () -> 1).register(registry);
        monitorOf(MicrometerSource.of(registry));
        assertThat(monitor.tickNow().value(MetricId.of("app.request_count"))).isEqualTo(1.0);

        registry.remove(old);
        Tick without = tickAfter(Duration.ofSeconds(10));
        Gauge.builder("app.request_count", () -> 2).register(registry);
        Tick replaced = tickAfter(Duration.ofSeconds(10));

        assertThat(without.samples()).isEmpty();
        assertThat(replaced.value(MetricId.of("app.request_count"))).isEqualTo(2.0);
    }

    @Test
    void meterThatThrowsMakesOnlyItsOwnSeriesUnknown() {
        Meter.builder(
                        "app.flaky",
                        Meter.Type.GAUGE,
                        List.of(new Measurement(
                                (DoubleSupplier) () -> {
                                    throw new IllegalStateException("boom");
                                },
                                Statistic.VALUE)))
                .register(registry);
        Gauge.builder("app.fine", () -> 1).register(registry);
        monitorOf(MicrometerSource.of(registry));

        Tick tick = monitor.tickNow();

        assertThat(tick.value(MetricId.of("app.fine"))).isEqualTo(1.0);
        assertThat(tick.unknown()).containsExactly(MetricId.of("app.flaky"));
    }

    @Test
    void describesNothingBecauseItsSeriesDependOnTheApplication() {
        assertThat(MicrometerSource.of(registry).describe()).isEmpty();
    }
}
