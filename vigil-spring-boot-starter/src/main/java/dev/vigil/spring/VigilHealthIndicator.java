package dev.vigil.spring;

import dev.vigil.alerts.AlertEngine;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code vigil} health contributor on Spring Boot 3: Vigil's overall state (OK, WARNING,
 * CRITICAL, UNKNOWN) mapped to a status by {@code vigil.health.*} (default UP, UP, DOWN, UNKNOWN),
 * with the firing alerts as details. Like any indicator it can be put in a health group
 * ({@code management.endpoint.health.group.readiness.include=readinessState,vigil}).
 *
 * <pre class="language-http">{@code
 * GET /actuator/health/vigil
 * {"status":"DOWN","details":{"vigil":"CRITICAL","firingCount":1,"firing":[{"alertname":"queue-backlog",...}]}}
 * }</pre>
 */
public class VigilHealthIndicator implements HealthIndicator {

    private final AlertEngine engine;
    private final VigilProperties.Health mapping;
    private final VigilRuleFiles ruleFiles;

    public VigilHealthIndicator(AlertEngine engine, VigilProperties.Health mapping) {
        this(engine, mapping, VigilRuleFiles.none());
    }

    /** With the rule files' state ({@code ruleFiles} in the details) when files are configured. */
    public VigilHealthIndicator(AlertEngine engine, VigilProperties.Health mapping, VigilRuleFiles ruleFiles) {
        this.engine = engine;
        this.mapping = mapping;
        this.ruleFiles = ruleFiles;
    }

    @Override
    public Health health() {
        HealthSummary summary = HealthSummary.of(engine, mapping, ruleFiles);
        return Health.status(new Status(summary.code()))
                .withDetails(summary.details())
                .build();
    }
}
