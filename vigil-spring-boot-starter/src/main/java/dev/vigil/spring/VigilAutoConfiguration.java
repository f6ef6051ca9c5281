package dev.vigil.spring;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.Monitor;
import dev.vigil.core.container.ContainerMetrics;
import dev.vigil.core.host.HostMetrics;
import dev.vigil.core.host.ProcessMetrics;
import dev.vigil.core.jvm.JvmMetrics;
import dev.vigil.core.micrometer.MicrometerSource;
import dev.vigil.core.micrometer.VigilMeterBinder;
import dev.vigil.core.source.MetricSource;
import dev.vigil.notify.Notifications;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Vigil for a Spring Boot application: a {@link Monitor} over the host, this process, the JVM,
 * the container (when in one) and the application's {@link MeterRegistry}; an {@link AlertEngine}
 * with the default rule packs and the rules of {@code vigil.rules.*}; {@link Notifications} to the
 * receivers of {@code vigil.notify.*}; all started with the context and closed with it. Each bean
 * yields to one of the same type that the application defines; {@link MetricSource} and
 * {@link Rule} beans of the application are added to the monitor and the engine.
 *
 * <pre>{@code
 * vigil.rules.thresholds.queue-backlog.metric=app.queue.depth
 * vigil.rules.thresholds.queue-backlog.crit-above=1000
 * vigil.notify.slack.url=${SLACK_WEBHOOK_URL}
 * }</pre>
 */
@AutoConfiguration(afterName = {
        // Boot 3.x and Boot 4.x names of the auto-configurations that create the MeterRegistry.
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnProperty(prefix = "vigil", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(VigilProperties.class)
public class VigilAutoConfiguration {

    /** Vigil's self-metrics (notification counters) live here and are never read back as inputs. */
    static final String OWN_METERS_PREFIX = "vigil.";

    @Bean
    @ConditionalOnMissingBean
    public Monitor vigilMonitor(VigilProperties properties, ObjectProvider<MeterRegistry> registry,
                                ObjectProvider<MetricSource> applicationSources) {
        Duration interval = properties.getInterval();
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new InvalidVigilPropertyException("vigil.interval", String.valueOf(interval),
                    "must be a positive duration, e.g. 10s");
        }
        VigilProperties.Sources sources = properties.getSources();
        Monitor.Builder b = Monitor.builder().every(interval);
        if (sources.isHost()) {
            b.source(HostMetrics.create());
        }
        if (sources.isProcess()) {
            b.source(ProcessMetrics.create());
        }
        if (sources.isJvm()) {
            b.source(JvmMetrics.create());
        }
        if (containerSourceRuns(properties)) {
            b.source(ContainerMetrics.create());
        }
        MeterRegistry meters = registry.getIfAvailable();
        if (meters != null && properties.getMicrometer().isRead()) {
            MicrometerSource.Builder source = MicrometerSource.builder(meters).exclude(OWN_METERS_PREFIX);
            String publishPrefix = properties.getMicrometer().getPublishPrefix();
            if (publishPrefix != null && !publishPrefix.isEmpty()) {
                source.exclude(publishPrefix);
            }
            for (String prefix : properties.getMicrometer().getReadExclude()) {
                InvalidVigilPropertyException.naming("vigil.micrometer.read-exclude", prefix, () -> source.exclude(prefix));
            }
            b.source(source.build());
        }
        applicationSources.orderedStream().forEach(b::source);
        return b.build();
    }

    static boolean containerSourceRuns(VigilProperties properties) {
        return switch (properties.getSources().getContainer()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> ContainerDetection.inContainer();
        };
    }

    /**
     * Publishes Vigil's series into the application's registry; Spring Boot binds every
     * {@code MeterBinder} bean to its registries.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "vigil.micrometer", name = "publish", havingValue = "true", matchIfMissing = true)
    public VigilMeterBinder vigilMeterBinder(Monitor monitor, VigilProperties properties) {
        String prefix = properties.getMicrometer().getPublishPrefix();
        return InvalidVigilPropertyException.naming("vigil.micrometer.publish-prefix", prefix,
                () -> VigilMeterBinder.builder(monitor).prefix(prefix).build());
    }

    @Bean
    @ConditionalOnMissingBean
    public Notifications vigilNotifications(VigilProperties properties, Environment environment,
                                            ObjectProvider<MeterRegistry> registry) {
        return new NotificationsFactory(properties.getNotify(), environment).build(registry.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    public AlertEngine vigilAlertEngine(VigilProperties properties, Notifications notifications,
                                        ObjectProvider<Rule> applicationRules) {
        AlertEngine.Builder b = AlertEngine.builder()
                .rules(RuleFactory.packs(properties.getRules().getPacks(), containerSourceRuns(properties)))
                .rules(RuleFactory.thresholds(properties.getRules().getThresholds()))
                .listener(notifications);
        applicationRules.orderedStream().forEach(b::rule);
        return b.build();
    }

    @Bean
    @ConditionalOnMissingBean
    public VigilLifecycle vigilLifecycle(Monitor monitor, AlertEngine engine, Notifications notifications) {
        return new VigilLifecycle(monitor, engine, notifications);
    }
}
