package dev.vigil.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A notifier that records what it is given; it can be held back on a latch to simulate a hang. */
final class RecordingNotifier implements Notifier {

    private final String name;
    private final Duration timeout;
    private final List<Notification> received = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    RecordingNotifier(String name) {
        this(name, Duration.ofSeconds(5));
    }

    RecordingNotifier(String name, Duration timeout) {
        this.name = name;
        this.timeout = timeout;
    }

    /** Every later call waits until {@link #release()}. */
    RecordingNotifier hang() {
        gate = new CountDownLatch(1);
        return this;
    }

    void release() {
        gate.countDown();
    }

    @Override
    public DeliveryResult deliver(Notification notification) {
        try {
            if (!gate.await(10, TimeUnit.MINUTES)) {
                return DeliveryResult.retry("gate timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retry("interrupted");
        }
        received.add(notification);
        return DeliveryResult.delivered();
    }

    List<Notification> received() {
        return new ArrayList<>(received);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }
}
