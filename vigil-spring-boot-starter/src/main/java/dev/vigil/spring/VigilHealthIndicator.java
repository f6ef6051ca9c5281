package dev.vigil.spring;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code vigil} health contributor: Vigil's overall state (OK, WARNING, CRITICAL, UNKNOWN)
 * mapped to a Spring Boot status by {@code vigil.health.*} (default UP, UP, DOWN, UNKNOWN), with
 * the firing alerts as details. Like any indicator it can be put in a health group
 * ({@code management.endpoint.health.group.readiness.include=readinessState,vigil}).
 *
 * <pre>{@code
 * GET /actuator/health/vigil
 * {"status":"DOWN","details":{"vigil":"CRITICAL","firing":[{"alertname":"queue-backlog",...}]}}
 * }</pre>
 */
public class VigilHealthIndicator implements HealthIndicator {

    /** At most this many firing alerts are listed; the count is always exact. */
    static final int MAX_LISTED = 20;

    private final AlertEngine engine;
    private final VigilProperties.Health mapping;

    public VigilHealthIndicator(AlertEngine engine, VigilProperties.Health mapping) {
        this.engine = engine;
        this.mapping = mapping;
    }

    @Override
    public Health health() {
        dev.vigil.alerts.Health state = engine.health();
        String code = switch (state) {
            case OK -> mapping.getOk();
            case WARNING -> mapping.getWarning();
            case CRITICAL -> mapping.getCritical();
            case UNKNOWN -> mapping.getUnknown();
        };
        List<Alert> firing = engine.activeAlerts().stream().filter(a -> a.state() == AlertState.FIRING).toList();
        List<Map<String, Object>> listed = firing.stream().limit(MAX_LISTED).map(VigilHealthIndicator::detail).toList();
        return Health.status(new Status(code)).withDetail("vigil", state.name())
                .withDetail("firingCount", firing.size()).withDetail("firing", listed).build();
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
