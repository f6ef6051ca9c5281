package dev.vigil.examples.spring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's orders: {@code POST /orders?count=N} takes N orders, a packer packs one a second.
 * The number waiting is the Micrometer gauge {@code shop.orders.waiting}, which Vigil reads like
 * any series of its own.
 */
@RestController
class Orders {

    private final AtomicLong waiting = new AtomicLong();

    Orders(MeterRegistry registry) {
        Gauge.builder("shop.orders.waiting", waiting, AtomicLong::get)
                .description("Orders taken and not yet packed")
                .register(registry);
    }

    @PostMapping("/orders")
    Map<String, Long> take(@RequestParam(defaultValue = "1") int count) {
        if (count < 1 || count > 100_000) {
            throw new IllegalArgumentException("count must be in 1..100000, got " + count);
        }
        return Map.of("waiting", waiting.addAndGet(count));
    }

    @GetMapping("/orders")
    Map<String, Long> waiting() {
        return Map.of("waiting", waiting.get());
    }

    @Scheduled(fixedRate = 1000)
    void packOne() {
        waiting.updateAndGet(n -> Math.max(0, n - 1));
    }
}
