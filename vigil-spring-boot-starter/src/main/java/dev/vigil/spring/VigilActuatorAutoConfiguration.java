package dev.vigil.spring;

import dev.vigil.alerts.AlertEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code vigil} health indicator and actuator endpoint, where the application has Spring Boot
 * Actuator, on Spring Boot 3 or 4 (whose health types live in different packages: each
 * generation gets its own indicator class, chosen by which types are on the class path). Turn the
 * indicator off with {@code management.health.vigil.enabled=false}; expose the endpoint with
 * {@code management.endpoints.web.exposure.include=health,vigil}.
 *
 * <pre class="language-properties">{@code
 * management.endpoints.web.exposure.include=health,vigil
 * management.endpoint.vigil.access=unrestricted   # allow silence / expire / acknowledge
 * }</pre>
 */
@AutoConfiguration(after = VigilAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(AlertEngine.class)
public class VigilActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnProperty(name = "management.health.vigil.enabled", havingValue = "true", matchIfMissing = true)
    static class Boot3Health {
        @Bean
        @ConditionalOnMissingBean(name = "vigilHealthIndicator")
        VigilHealthIndicator vigilHealthIndicator(
                AlertEngine engine, VigilProperties properties, ObjectProvider<VigilRuleFiles> ruleFiles) {
            return new VigilHealthIndicator(
                    engine, checkedMapping(properties), ruleFiles.getIfAvailable(VigilRuleFiles::none));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnProperty(name = "management.health.vigil.enabled", havingValue = "true", matchIfMissing = true)
    static class Boot4Health {
        @Bean
        @ConditionalOnMissingBean(name = "vigilHealthIndicator")
        VigilBoot4HealthIndicator vigilHealthIndicator(
                AlertEngine engine, VigilProperties properties, ObjectProvider<VigilRuleFiles> ruleFiles) {
            return new VigilBoot4HealthIndicator(
                    engine, checkedMapping(properties), ruleFiles.getIfAvailable(VigilRuleFiles::none));
        }
    }

    static VigilProperties.Health checkedMapping(VigilProperties properties) {
        VigilProperties.Health mapping = properties.getHealth();
        requireStatus("vigil.health.ok", mapping.getOk());
        requireStatus("vigil.health.warning", mapping.getWarning());
        requireStatus("vigil.health.critical", mapping.getCritical());
        requireStatus("vigil.health.unknown", mapping.getUnknown());
        return mapping;
    }

    private static void requireStatus(String property, String code) {
        if (code == null || code.isBlank()) {
            throw new InvalidVigilPropertyException(
                    property, code, "a health status code is required, e.g. UP, DOWN, OUT_OF_SERVICE, UNKNOWN");
        }
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    VigilEndpoint vigilEndpoint(AlertEngine engine, ObjectProvider<VigilRuleFiles> ruleFiles) {
        return new VigilEndpoint(engine, ruleFiles.getIfAvailable(VigilRuleFiles::none));
    }
}
