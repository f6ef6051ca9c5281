package dev.vigil.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.Monitor;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.time.ManualClock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VigilMeterBinderTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ManualClock clock = ManualClock.create();
    private final AtomicLong depth = new AtomicLong(3);
    private final AtomicBoolean extraSeries = new AtomicBoolean();
    private final AtomicBoolean diskPresent = new AtomicBoolean(true);
    private Monitor monitor;

    /** A source whose set of series changes over time, as real ones do. */
    private final MetricSource app = sink -> {
        sink.gauge(MetricId.of("app.queue.depth", "queue", "orders"), Unit.NONE, (double) depth.get());
        if (diskPresent.get()) {
            sink.gauge(MetricId.of("disk.free", "mount", "/data"), Unit.BYTES, 5e9);
        }
        if (extraSeries.get()) {
            sink.gauge("app.late", 11);
        }
    };

    @AfterEach
    void close() {
        if (monitor != null) {
            monitor.close();
        }
        registry.close();
    }

    private Monitor monitor(MetricSource... sources) {
        Monitor.Builder b = Monitor.builder().clock(clock).every(Duration.ofSeconds(10));
        for (MetricSource s : sources) {
            b.source(s);
        }
        monitor = b.build();
        return monitor;
    }

    private void tick() {
        clock.advance(Duration.ofSeconds(10));
        monitor.tickNow();
    }

    private Gauge gauge(String name) {
        return registry.find(name).gauge();
    }

    @Test
    void aSeriesTheHistoryEvictedLosesItsGauge() {
        java.util.concurrent.atomic.AtomicBoolean present = new java.util.concurrent.atomic.AtomicBoolean(true);
        monitor = Monitor.builder()
                .clock(clock)
                .every(Duration.ofSeconds(10))
                .history(dev.vigil.core.history.HistoryConfig.builder()
                        .raw(Duration.ofMinutes(1))
                        .noTiers()
                        .build())
                .source(sink -> {
                    sink.gauge("app.kept", 1);
                    if (present.get()) {
                        sink.gauge("app.gone", 2);
                    }
                })
                .build();
        monitor.tickNow();
        new VigilMeterBinder(monitor).bindTo(registry);
        assertThat(gauge("vigil.app.gone")).isNotNull();

        present.set(false);
        for (int i = 0; i < VigilMeterBinder.PRUNE_EVERY_TICKS; i++) {
            tick();
        }
        assertThat(monitor.history().series(dev.vigil.core.metric.MetricId.of("app.gone")))
                .isNull();
        assertThat(registry.find("vigil.app.gone").gauge()).isNull();
        assertThat(gauge("vigil.app.kept")).isNotNull();
    }

    @Test
    void publishesEverySeriesAsAGaugeReadingTheLatestValue() {
        monitor(app).tickNow();
        new VigilMeterBinder(monitor).bindTo(registry);

        Gauge queue = gauge("vigil.app.queue.depth");
        assertThat(queue.getId().getTag("queue")).isEqualTo("orders");
        assertThat(queue.value()).isEqualTo(3.0);

        depth.set(8);
        tick();

        assertThat(queue.value()).isEqualTo(8.0);
        assertThat(gauge("vigil.disk.free").getId().getBaseUnit()).isEqualTo("bytes");
    }

    @Test
    void seriesAppearingAfterLaterTicksArePublished() {
        monitor(app);
        VigilMeterBinder binder = new VigilMeterBinder(monitor);
        binder.bindTo(registry); // before any tick
        assertThat(registry.getMeters()).isEmpty();

        monitor.tickNow();
        assertThat(gauge("vigil.app.late")).isNull();
        extraSeries.set(true);
        tick();

        assertThat(gauge("vigil.app.late").value()).isEqualTo(11.0);
    }

    @Test
    void seriesThatDisappearsReadsNaN() {
        monitor(app).tickNow();
        new VigilMeterBinder(monitor).bindTo(registry);
        assertThat(gauge("vigil.disk.free").value()).isEqualTo(5e9);

        diskPresent.set(false);
        tick();

        assertThat(gauge("vigil.disk.free").value()).isNaN();
        assertThat(gauge("vigil.app.queue.depth").value()).isEqualTo(3.0);
    }

    @Test
    void prefixAndFilterAreConfigurable() {
        monitor(app).tickNow();
        VigilMeterBinder.builder(monitor)
                .prefix("")
                .filter(id -> id.name().startsWith("app."))
                .build()
                .bindTo(registry);

        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).containsExactly("app.queue.depth");
    }

    @Test
    void invalidPrefixIsRefusedNamingIt() {
        monitor(app);
        assertThatThrownBy(() -> VigilMeterBinder.builder(monitor).prefix("Vigil."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix")
                .hasMessageContaining("'Vigil.'");
    }

    @Test
    void closeRemovesTheGaugesAndStopsListening() {
        monitor(app).tickNow();
        Gauge host = Gauge.builder("host.own", () -> 1).register(registry);
        VigilMeterBinder binder = new VigilMeterBinder(monitor);
        binder.bindTo(registry);
        assertThat(registry.getMeters()).hasSize(3);

        binder.close();
        binder.close();
        extraSeries.set(true);
        tick();

        assertThat(registry.getMeters()).containsExactly(host);
        assertThatThrownBy(() -> binder.bindTo(registry)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingTheMonitorClosesTheBinder() {
        monitor(app).tickNow();
        new VigilMeterBinder(monitor).bindTo(registry);

        monitor.close();

        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void neverRemovesAHostMeterThatHadTheSameId() {
        Gauge host = Gauge.builder("vigil.app.late", () -> 42).register(registry);
        monitor(app);
        extraSeries.set(true);
        monitor.tickNow();
        VigilMeterBinder binder = new VigilMeterBinder(monitor);
        binder.bindTo(registry);

        binder.close();

        assertThat(registry.getMeters()).containsExactly(host);
    }

    @Test
    void sourceAndBinderOnOneRegistryDoNotLoop() {
        Gauge.builder("app.sessions", () -> 4).register(registry);
        MicrometerSource source = MicrometerSource.of(registry);
        monitor(source, app);
        new VigilMeterBinder(monitor).bindTo(registry);
        VigilMeterBinder.builder(monitor).prefix("").build().bindTo(registry);

        for (int i = 0; i < 5; i++) {
            tick();
        }

        assertThat(monitor.history().ids())
                .extracting(MetricId::name)
                .containsExactlyInAnyOrder("app.sessions", "app.queue.depth", "disk.free");
        assertThat(registry.getMeters())
                .extracting(m -> m.getId().getName())
                .containsExactlyInAnyOrder(
                        "app.sessions",
                        "vigil.app.sessions",
                        "app.queue.depth",
                        "vigil.app.queue.depth",
                        "disk.free",
                        "vigil.disk.free");
        assertThat(gauge("vigil.app.sessions").value()).isEqualTo(4.0);
    }

    @Test
    void publishedMetersAreRecognisedAsVigils() {
        monitor(app).tickNow();
        new VigilMeterBinder(monitor).bindTo(registry);

        assertThat(registry.getMeters()).extracting(Meter::getId).allMatch(VigilMeterBinder::isPublishedByVigil);
    }

    @Test
    void aCounterSeriesIsPublishedAsTheIncreaseVigilSawAcrossAFailedTickAndAReset() {
        // readings 0, 100, (source fails), 400, then 50 after the counter restarted from zero
        double[] readings = {0, 100, Double.NaN, 400, 50};
        int[] tick = {0};
        monitor(sink -> {
            double total = readings[tick[0]++];
            if (Double.isNaN(total)) {
                throw new IllegalStateException("source down for one tick");
            }
            sink.counter(MetricId.of("app.requests", "route", "/a"), Unit.PER_SECOND, total);
        });
        new VigilMeterBinder(monitor).bindTo(registry);
        double[] published = new double[readings.length];
        monitor.tickNow();
        published[0] = counted();
        for (int i = 1; i < readings.length; i++) {
            tick();
            published[i] = counted();
        }

        assertThat(registry.find("vigil.app.requests").gauge())
                .as("a counter, not a gauge")
                .isNull();
        assertThat(published).containsExactly(0, 100, 100, 400, 450);
    }

    private double counted() {
        var counter = registry.find("vigil.app.requests").tag("route", "/a").functionCounter();
        return counter == null ? 0 : counter.count();
    }
}
