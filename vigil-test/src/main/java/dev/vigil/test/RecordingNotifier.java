package dev.vigil.test;

import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A notifier that keeps every notification it is given and reports it delivered: the receiver to
 * route to in a test that asserts who was told what. Thread-safe.
 *
 * <pre>{@code
 * RecordingNotifier pager = new RecordingNotifier("pager");
 * Notifications.builder().route(Route.all().to(pager)).build();
 * ...
 * assertThat(pager.received()).extracting(Notification::status).containsExactly(Notification.Status.FIRING);
 * }</pre>
 */
public final class RecordingNotifier implements Notifier {

    private final String name;
    private final List<Notification> received = new CopyOnWriteArrayList<>();

    /** A recording notifier named {@code name} (the receiver name routes and logs show). */
    public RecordingNotifier(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank: '" + name + "'");
        }
        this.name = name;
    }

    @Override
    public DeliveryResult deliver(Notification notification) {
        received.add(notification);
        return DeliveryResult.delivered();
    }

    /** What was delivered so far, oldest first (a copy). */
    public List<Notification> received() {
        return List.copyOf(received);
    }

    /** The last notification delivered. */
    public Notification last() {
        if (received.isEmpty()) {
            throw new IllegalStateException("received: '" + name + "' has been given no notification");
        }
        return received.get(received.size() - 1);
    }

    /** Forgets what was delivered so far. */
    public void clear() {
        received.clear();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(5);
    }
}
