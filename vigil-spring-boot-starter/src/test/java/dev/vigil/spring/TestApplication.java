package dev.vigil.spring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** An application with one meter of its own, a queue depth the tests set. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

    /** The application's queue depth, published as the Micrometer gauge {@code app.queue.depth}. */
    public static final class QueueDepth {
        final AtomicInteger depth = new AtomicInteger();

        void set(int value) {
            depth.set(value);
        }
    }

    @Bean
    QueueDepth queueDepth(MeterRegistry registry) {
        QueueDepth queue = new QueueDepth();
        Gauge.builder("app.queue.depth", queue.depth, AtomicInteger::get).register(registry);
        return queue;
    }
}
