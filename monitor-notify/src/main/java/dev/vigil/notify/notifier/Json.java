package dev.vigil.notify.notifier;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.label.LabelNames;
import dev.vigil.notify.AlertmanagerIdentity;
import dev.vigil.notify.Notification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** JSON with Jackson's streaming generator: the few shapes the notifiers share. */
final class Json {

    /** What Alertmanager writes for "no end time" (Go's zero time). */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    // Emoji are written as UTF-8, not as escaped surrogate pairs some receivers mangle.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private Json() {}

    static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
        return out.toByteArray();
    }

    static void stringMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    static String time(Instant instant) {
        return instant == null ? ZERO_TIME : instant.toString();
    }

    /**
     * One alert as in Alertmanager's webhook payload: names in Alertmanager's form and its
     * fingerprint, so a receiver sees what Alertmanager would have sent.
     */
    static void webhookAlert(JsonGenerator g, Alert a, String generatorUrl, NameCollisions collisions)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("status", Notification.isResolved(a) ? "resolved" : "firing");
        stringMap(g, "labels", LabelNames.forAlertmanager(a.labels(), collisions::report));
        stringMap(g, "annotations", LabelNames.forAlertmanager(a.annotations(), collisions::report));
        g.writeStringField("startsAt", time(a.firingSince() != null ? a.firingSince() : a.activeSince()));
        g.writeStringField("endsAt", Notification.isResolved(a) ? time(a.resolvedAt()) : ZERO_TIME);
        g.writeStringField("generatorURL", generatorUrl);
        g.writeStringField("fingerprint", AlertmanagerIdentity.fingerprint(a.labels()));
        g.writeEndObject();
    }
}
