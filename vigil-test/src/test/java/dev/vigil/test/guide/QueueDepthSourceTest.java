package dev.vigil.test.guide;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import dev.vigil.test.MetricSourceCompatibilityKit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

class QueueDepthSourceTest extends MetricSourceCompatibilityKit {

    /** The source under test: the depth of an application queue, which it reads from memory. */
    static final class QueueDepthSource implements MetricSource {
        static final MetricId DEPTH = MetricId.of("app.queue.depth");
        private final BlockingQueue<?> queue;

        QueueDepthSource(BlockingQueue<?> queue) {
            this.queue = queue;
        }

        @Override
        public void sample(SampleSink sink) {
            if (queue == null) {
                throw new IllegalStateException("no queue to read");
            }
            sink.gauge(DEPTH, Unit.NONE, queue.size());
        }

        @Override
        public boolean mayBlock() {
            return false;
        }

        @Override
        public List<SeriesDescriptor> describe() {
            return List.of(SeriesDescriptor.gauge("app.queue.depth", Unit.NONE, "Messages waiting"));
        }

        @Override
        public Set<MetricId> declaredSeries() {
            return Set.of(DEPTH);
        }
    }

    @Override
    protected MetricSource source() {
        return new QueueDepthSource(new ArrayBlockingQueue<String>(10));
    }

    @Override
    protected MetricSource brokenSource() {
        return new QueueDepthSource(null);
    }
}
