package dev.vigil.spring;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.silence.Silence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.lang.Nullable;

/**
 * The {@code vigil} actuator endpoint: the active alerts and the silences, and, where the
 * application grants write access ({@code management.endpoint.vigil.access=unrestricted}; the
 * default is read-only), silencing, expiring a silence and acknowledging an alert.
 *
 * <pre class="language-http">{@code
 * GET    /actuator/vigil
 * POST   /actuator/vigil/silence      {"matchers":"alertname=queue-backlog,severity=critical","duration":"2h","createdBy":"alice","comment":"draining"}
 * POST   /actuator/vigil/acknowledge  {"fingerprint":"3f2a...","by":"bob","note":"looking"}
 * DELETE /actuator/vigil/{silenceId}
 * }</pre>
 */
@Endpoint(id = "vigil", defaultAccess = Access.READ_ONLY)
public class VigilEndpoint {

    private final AlertEngine engine;
    private final VigilRuleFiles ruleFiles;

    public VigilEndpoint(AlertEngine engine) {
        this(engine, VigilRuleFiles.none());
    }

    /** With the rule files' state in the overview ({@code ruleFiles}, null when none is configured). */
    public VigilEndpoint(AlertEngine engine, VigilRuleFiles ruleFiles) {
        this.engine = engine;
        this.ruleFiles = ruleFiles;
    }

    /** Health, active alerts and silences in force or scheduled. */
    @ReadOperation
    public Overview overview() {
        List<AlertView> alerts =
                engine.activeAlerts().stream().map(AlertView::of).toList();
        List<SilenceView> silences = new ArrayList<>();
        engine.silences().forEach((id, s) -> silences.add(SilenceView.of(id, s)));
        VigilRuleFiles.Status files = ruleFiles == null || ruleFiles.files().isEmpty() ? null : ruleFiles.status();
        return new Overview(engine.health().name(), alerts, silences, files);
    }

    /**
     * {@code silence}: adds a silence (matchers, duration, createdBy, comment) and returns its id;
     * {@code acknowledge}: acknowledges a firing alert (fingerprint, by, note).
     */
    @WriteOperation
    public Map<String, Object> act(
            @Selector String action,
            @Nullable String matchers,
            @Nullable String duration,
            @Nullable String createdBy,
            @Nullable String comment,
            @Nullable String fingerprint,
            @Nullable String by,
            @Nullable String note) {
        return switch (action) {
            case "silence" -> Map.of("id", silence(matchers, duration, createdBy, comment));
            case "acknowledge" -> acknowledge(fingerprint, by, note);
            default ->
                throw new InvalidEndpointRequestException(
                        "unknown action '" + action + "': silence or acknowledge", "unknown action");
        };
    }

    private String silence(String matchers, String duration, String createdBy, String comment) {
        if (matchers == null || matchers.isBlank()) {
            throw invalid("matchers: at least one is required, e.g. \"alertname=disk-almost-full,mount=/data\"");
        }
        if (duration == null || createdBy == null || createdBy.isBlank()) {
            throw invalid("duration (e.g. \"2h\") and createdBy are required");
        }
        Duration lasting;
        try {
            lasting = DurationStyle.detectAndParse(duration);
        } catch (IllegalArgumentException e) {
            throw invalid("duration is not a duration: '" + duration + "' (e.g. 30m, 2h, PT2H)");
        }
        try {
            LabelMatcher[] ms = parseMatchers(matchers);
            return engine.silence(Silence.matching(ms)
                    .from(Instant.now())
                    .lasting(lasting)
                    .by(createdBy)
                    .comment(comment == null ? "" : comment)
                    .build());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw invalid(e.getMessage());
        }
    }

    /**
     * Comma-separated matchers as Alertmanager writes them, without braces or quotes:
     * {@code name=value}, {@code name!=value}, {@code name=~regex}, {@code name!~regex}.
     * (Actuator's web layer reads a request body as flat strings, so this is one string.)
     */
    static LabelMatcher[] parseMatchers(String text) {
        List<LabelMatcher> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String m = part.trim();
            int eq = m.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "matcher '" + m + "' is not name=value, name!=value, name=~regex " + "or name!~regex");
            }
            boolean negated = m.charAt(eq - 1) == '!';
            boolean regex = eq + 1 < m.length() && m.charAt(eq + 1) == '~';
            String name = m.substring(0, negated ? eq - 1 : eq).trim();
            String value = m.substring(regex ? eq + 2 : eq + 1).trim();
            out.add(
                    negated
                            ? (regex ? LabelMatcher.notRegex(name, value) : LabelMatcher.notEqual(name, value))
                            : (regex ? LabelMatcher.regex(name, value) : LabelMatcher.equal(name, value)));
        }
        return out.toArray(LabelMatcher[]::new);
    }

    private Map<String, Object> acknowledge(String fingerprint, String by, String note) {
        if (fingerprint == null || by == null || by.isBlank()) {
            throw invalid("fingerprint and by are required");
        }
        Alert acknowledged = engine.acknowledge(fingerprint, by, note);
        if (acknowledged == null) {
            throw invalid("no firing alert has fingerprint '" + fingerprint + "'");
        }
        return Map.of("acknowledged", AlertView.of(acknowledged));
    }

    /** Ends the silence with this id now. */
    @DeleteOperation
    public Map<String, Object> expire(@Selector String silenceId) {
        return Map.of("expired", engine.expireSilence(silenceId));
    }

    private static InvalidEndpointRequestException invalid(String message) {
        return new InvalidEndpointRequestException(message, message);
    }

    /** What {@code GET /actuator/vigil} returns. */
    public record Overview(
            String health,
            List<AlertView> alerts,
            List<SilenceView> silences,
            @Nullable VigilRuleFiles.Status ruleFiles) {}

    /** One active alert. */
    public record AlertView(
            String alertname,
            String fingerprint,
            String state,
            String severity,
            double value,
            Map<String, String> labels,
            Map<String, String> annotations,
            String activeSince,
            String firingSince,
            boolean silenced,
            boolean inhibited,
            boolean acknowledged,
            String acknowledgedBy) {
        static AlertView of(Alert a) {
            return new AlertView(
                    a.name(),
                    a.fingerprint(),
                    a.state().name(),
                    a.severity().name(),
                    Double.isFinite(a.value()) ? a.value() : Double.NaN,
                    a.labels(),
                    a.annotations(),
                    text(a.activeSince()),
                    text(a.firingSince()),
                    a.silenced(),
                    a.inhibited(),
                    a.acknowledged(),
                    a.acknowledged() ? a.acknowledgement().by() : null);
        }
    }

    /** One silence. */
    public record SilenceView(
            String id, List<String> matchers, String startsAt, String endsAt, String createdBy, String comment) {
        static SilenceView of(String id, Silence s) {
            return new SilenceView(
                    id,
                    s.matchers().stream().map(LabelMatcher::toString).toList(),
                    text(s.startsAt()),
                    text(s.endsAt()),
                    s.createdBy(),
                    s.comment());
        }
    }

    private static @Nullable String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
