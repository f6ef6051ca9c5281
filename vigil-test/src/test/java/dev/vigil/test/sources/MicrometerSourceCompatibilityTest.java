package dev.vigil.test.sources;

import dev.vigil.core.micrometer.MicrometerSource;
import dev.vigil.core.source.MetricSource;
import dev.vigil.test.MetricSourceCompatibilityKit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The Micrometer import keeps the MetricSource contract over a registry with a counter, a gauge and a timer. */
class MicrometerSourceCompatibilityTest extends MetricSourceCompatibilityKit {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @SuppressWarnings("UnusedVariable") // Micrometer holds a gauge's object weakly: the field keeps it alive
    private final AtomicInteger sessions = registry.gauge("app.sessions", new AtomicInteger(12));

    private final Counter orders = registry.counter("app.orders", "region", "eu");
    private final Timer checkout = registry.timer("app.checkout");

    MicrometerSourceCompatibilityTest() {
        orders.increment(3);
        checkout.record(Duration.ofMillis(40));
    }

    @Override
    protected MetricSource source() {
        return MicrometerSource.of(registry);
    }
}
