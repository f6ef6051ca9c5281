package dev.vigil.dashboard;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.silence.Silence;
import dev.vigil.core.metric.MetricId;
import java.time.Instant;

/** Alerts and silences as the API writes them. */
final class Alerts {

    private Alerts() {}

    static void write(JsonWriter json, Alert a, MetricId series) {
        json.beginObject()
                .field("fingerprint", a.fingerprint())
                .field("name", a.name())
                .field("rule", a.rule())
                .field("state", a.state().name())
                .field("severity", a.severity().name())
                .field("value", a.value())
                .field("since", millis(a.firingSince() != null ? a.firingSince() : a.activeSince()))
                .field("labels", a.labels())
                .field("annotations", a.annotations())
                .field("silenced", a.silenced())
                .field("inhibited", a.inhibited())
                .field("flapping", a.flapping())
                .field("series", series == null ? null : series.toString());
        if (a.acknowledgement() != null) {
            json.name("acknowledgement")
                    .beginObject()
                    .field("by", a.acknowledgement().by())
                    .field("at", millis(a.acknowledgement().at()))
                    .field("note", a.acknowledgement().note())
                    .endObject();
        } else {
            json.name("acknowledgement").nullValue();
        }
        json.field("report", a.report() == null ? null : a.report().text());
        json.endObject();
    }

    static void write(JsonWriter json, String id, Silence s) {
        json.beginObject()
                .field("id", id)
                .field("createdBy", s.createdBy())
                .field("comment", s.comment())
                .field("startsAt", s.startsAt().toEpochMilli())
                .field("endsAt", s.endsAt().toEpochMilli())
                .name("matchers")
                .beginArray();
        for (LabelMatcher m : s.matchers()) {
            json.value(m.name() + m.op().symbol() + "\"" + m.value() + "\"");
        }
        json.endArray().endObject();
    }

    private static long millis(Instant i) {
        return i == null ? 0 : i.toEpochMilli();
    }
}
