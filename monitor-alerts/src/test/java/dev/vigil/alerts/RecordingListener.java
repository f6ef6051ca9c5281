package dev.vigil.alerts;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event it receives, in order. */
public final class RecordingListener implements AlertListener {

    public final List<AlertEvent> events = new CopyOnWriteArrayList<>();
    public volatile boolean closed;

    @Override
    public void onEvent(AlertEvent event) {
        events.add(event);
    }

    @Override
    public void onClose() {
        closed = true;
    }

    /** Event class simple names, e.g. [Fired, Resolved]. */
    public List<String> kinds() {
        List<String> out = new ArrayList<>();
        for (AlertEvent e : events) {
            out.add(e.getClass().getSimpleName());
        }
        return out;
    }

    /** As {@link #kinds()}, without the {@code Restored} events an engine sends at its start. */
    public List<String> changes() {
        List<String> out = kinds();
        out.removeIf("Restored"::equals);
        return out;
    }

    public <T extends AlertEvent> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (AlertEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    public void clear() {
        events.clear();
    }
}
