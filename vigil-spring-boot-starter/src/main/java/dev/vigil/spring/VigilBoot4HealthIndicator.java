package dev.vigil.spring;

import dev.vigil.alerts.AlertEngine;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code vigil} health contributor on Spring Boot 4, whose health types moved to
 * {@code org.springframework.boot.health.contributor}; same statuses and details as
 * {@link VigilHealthIndicator}.
 *
 * <pre class="language-http">{@code
 * GET /actuator/health/vigil
 * }</pre>
 */
public class VigilBoot4HealthIndicator implements HealthIndicator {

    private final AlertEngine engine;
    private final VigilProperties.Health mapping;
    private final VigilRuleFiles ruleFiles;

    public VigilBoot4HealthIndicator(AlertEngine engine, VigilProperties.Health mapping) {
        this(engine, mapping, VigilRuleFiles.none());
    }

    /** With the rule files' state ({@code ruleFiles} in the details) when files are configured. */
    public VigilBoot4HealthIndicator(AlertEngine engine, VigilProperties.Health mapping, VigilRuleFiles ruleFiles) {
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
