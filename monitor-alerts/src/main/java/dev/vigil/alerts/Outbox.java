package dev.vigil.alerts;

import dev.vigil.alerts.report.AlertReport;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.history.History;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The events decided during one evaluation (or one write), held until the pass ends: each is
 * turned into an {@link AlertEvent} carrying the alert's snapshot at the end of the pass, so every
 * event of a pass agrees with the alert's state after it.
 */
final class Outbox {

    enum Kind {
        FIRED,
        SEVERITY_CHANGED,
        RESOLVED,
        UNKNOWN,
        FLAPPING_STARTED,
        FLAPPING_STOPPED,
        ACKNOWLEDGED,
        SILENCED,
        UNSILENCED
    }

    private record Pending(
            Kind kind, AlertInstance instance, @Nullable Severity previous, double percent, long time) {}

    private final ArrayList<Pending> pending = new ArrayList<>();

    void add(Kind kind, AlertInstance instance, long time) {
        pending.add(new Pending(kind, instance, null, 0, time));
    }

    void severityChanged(AlertInstance instance, Severity previous, long time) {
        pending.add(new Pending(Kind.SEVERITY_CHANGED, instance, previous, 0, time));
    }

    void flapping(boolean started, AlertInstance instance, double percent, long time) {
        pending.add(
                new Pending(started ? Kind.FLAPPING_STARTED : Kind.FLAPPING_STOPPED, instance, null, percent, time));
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    void clear() {
        pending.clear();
    }

    /** Hands the held events to the dispatcher, in the order they were decided. */
    void flush(
            EventDispatcher dispatcher,
            @Nullable History history,
            long now,
            BiConsumer<String, AlertReport> reportSink) {
        if (pending.isEmpty()) {
            return;
        }
        List<EventDispatcher.Outgoing> out = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            Alert alert = p.instance.snapshot();
            Instant time = Instant.ofEpochMilli(p.time);
            AlertEvent event = switch (p.kind) {
                case FIRED -> new AlertEvent.Fired(alert, time);
                case SEVERITY_CHANGED -> new AlertEvent.SeverityChanged(alert, p.previous, time);
                case RESOLVED -> new AlertEvent.Resolved(alert, time);
                case UNKNOWN -> new AlertEvent.Unknown(alert, time);
                case FLAPPING_STARTED -> new AlertEvent.FlappingStarted(alert, p.percent, time);
                case FLAPPING_STOPPED -> new AlertEvent.FlappingStopped(alert, p.percent, time);
                case ACKNOWLEDGED -> new AlertEvent.Acknowledged(alert, time);
                case SILENCED -> new AlertEvent.Silenced(alert, time);
                case UNSILENCED -> new AlertEvent.Unsilenced(alert, time);
            };
            out.add(new EventDispatcher.Outgoing(event, p.instance.series.id, history, now, reportSink));
        }
        pending.clear();
        dispatcher.publish(out);
    }
}
