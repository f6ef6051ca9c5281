package dev.vigil.test.sources;

import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.Sources;
import dev.vigil.test.MetricSourceCompatibilityKit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;

/** The suppliers' sources of {@link Sources} keep the MetricSource contract, and fail as it says. */
class SourcesCompatibilityTest {

    @Nested
    class Gauge extends MetricSourceCompatibilityKit {
        private final AtomicLong depth = new AtomicLong(3);

        @Override
        protected MetricSource source() {
            return Sources.gauge("app.queue.depth", depth::incrementAndGet);
        }

        /** The supplier throws, as a closed queue would. */
        @Override
        protected MetricSource brokenSource() {
            return Sources.gauge("app.queue.depth", () -> {
                throw new IllegalStateException("queue closed");
            });
        }
    }

    @Nested
    class Counter extends MetricSourceCompatibilityKit {
        private final AtomicLong sent = new AtomicLong();

        @Override
        protected MetricSource source() {
            return Sources.counter("app.messages.sent", Unit.PER_SECOND, () -> sent.addAndGet(7));
        }

        /** The supplier has no reading. */
        @Override
        protected MetricSource brokenSource() {
            return Sources.counter("app.messages.sent", Unit.PER_SECOND, () -> null);
        }
    }
}
