package dev.vigil.spring;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Health;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@code vigil} health contributor reports, independent of the Spring Boot generation
 * (Boot 3 and Boot 4 keep their health types in different packages): Vigil's state mapped to a
 * status code by {@code vigil.health.*}, and the firing alerts as details.
 *
 * @param code the Spring Boot status code, e.g. {@code DOWN}
 * @param details Vigil's own state, the number of firing alerts and the first of them, and the
 *     rule files' state when {@code vigil.rules.files} is set
 */
record HealthSummary(String code, Map<String, Object> details) {

    /** At most this many firing alerts are listed; the count is always exact. */
    static final int MAX_LISTED = 20;

    static HealthSummary of(AlertEngine engine, VigilProperties.Health mapping, VigilRuleFiles ruleFiles) {
        Health state = engine.health();
        String code = switch (state) {
            case OK -> mapping.getOk();
            case WARNING -> mapping.getWarning();
            case CRITICAL -> mapping.getCritical();
            case UNKNOWN -> mapping.getUnknown();
        };
        List<Alert> firing = engine.activeAlerts().stream()
                .filter(a -> a.state() == AlertState.FIRING)
                .toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("vigil", state.name());
        details.put("firingCount", firing.size());
        details.put(
                "firing",
                firing.stream().limit(MAX_LISTED).map(HealthSummary::detail).toList());
        if (ruleFiles != null && !ruleFiles.files().isEmpty()) {
            // A refused edit changes no alert, so it leaves the status alone; the details say why
            // the rules in force are not the files' content.
            details.put("ruleFiles", ruleFiles.status());
        }
        return new HealthSummary(code, details);
    }

    private static Map<String, Object> detail(Alert a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alertname", a.name());
        out.put("severity", a.severity().name());
        out.put("summary", a.annotations().getOrDefault("summary", ""));
        out.put("silenced", a.silenced());
        out.put("acknowledged", a.acknowledged());
        return out;
    }
}
