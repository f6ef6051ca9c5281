package dev.vigil.spring;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.ExternalLabels;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rulefile.RuleFileLoader;
import dev.vigil.core.Monitor;
import dev.vigil.core.container.ContainerMetrics;
import dev.vigil.core.host.HostMetrics;
import dev.vigil.core.host.ProcessMetrics;
import dev.vigil.core.jvm.JvmMetrics;
import dev.vigil.core.micrometer.MicrometerSource;
import dev.vigil.core.micrometer.VigilMeterBinder;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.storage.StorageLockedException;
import dev.vigil.notify.Notifications;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Vigil for a Spring Boot application: a {@link Monitor} over the host, this process, the JVM,
 * the container (when in one) and the application's {@link MeterRegistry}; an {@link AlertEngine}
 * with the default rule packs and the rules of {@code vigil.rules.*}; {@link Notifications} to the
 * receivers of {@code vigil.notify.*}; all started with the context and closed with it. Each bean
 * yields to one of the same type that the application defines; {@link MetricSource} and
 * {@link Rule} beans of the application are added to the monitor and the engine.
 *
 * <pre class="language-properties">{@code
 * vigil.rules.thresholds.queue-backlog.metric=app.queue.depth
 * vigil.rules.thresholds.queue-backlog.crit-above=1000
 * vigil.notify.slack.url=${SLACK_WEBHOOK_URL}
 * }</pre>
 */
@AutoConfiguration(
        afterName = {
            // Boot 3.x and Boot 4.x names of the auto-configurations that create the MeterRegistry.
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnProperty(prefix = "vigil", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(VigilProperties.class)
public class VigilAutoConfiguration {

    /** Vigil's self-metrics (notification counters) live here and are never read back as inputs. */
    static final String OWN_METERS_PREFIX = "vigil.";

    @Bean
    @ConditionalOnMissingBean
    public Monitor vigilMonitor(
            VigilProperties properties,
            ObjectProvider<MeterRegistry> registry,
            ObjectProvider<MetricSource> applicationSources) {
        Duration interval = properties.getInterval();
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new InvalidVigilPropertyException(
                    "vigil.interval", String.valueOf(interval), "must be a positive duration, e.g. 10s");
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
                InvalidVigilPropertyException.naming(
                        "vigil.micrometer.read-exclude", prefix, () -> source.exclude(prefix));
            }
            b.source(source.build());
        }
        applicationSources.orderedStream().forEach(b::source);
        Path directory = properties.getStorage().getDirectory();
        if (directory == null) {
            return b.build();
        }
        // The monitor opens, locks and closes the directory itself; a directory another process
        // (or another context of this JVM) holds must stop startup rather than share the files.
        b.storage(directory);
        try {
            return b.build();
        } catch (StorageLockedException | UncheckedIOException e) {
            throw new InvalidVigilPropertyException("vigil.storage.directory", directory.toString(), e.getMessage());
        }
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
        return InvalidVigilPropertyException.naming(
                "vigil.micrometer.publish-prefix",
                prefix,
                () -> VigilMeterBinder.builder(monitor).prefix(prefix).build());
    }

    @Bean
    @ConditionalOnMissingBean
    public Notifications vigilNotifications(
            VigilProperties properties, Environment environment, ObjectProvider<MeterRegistry> registry) {
        // the notification log goes in the storage directory's notify/, handed on by the engine
        return new NotificationsFactory(properties.getNotify(), environment).build(registry.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    public AlertEngine vigilAlertEngine(
            VigilProperties properties,
            Notifications notifications,
            ObjectProvider<Rule> applicationRules,
            Environment environment) {
        AlertEngine.Builder b = AlertEngine.builder()
                .externalLabels(externalLabels(
                        properties.getExternalLabels(), environment.getProperty("spring.application.name")))
                .rules(RuleFactory.packs(properties.getRules().getPacks(), containerSourceRuns(properties)))
                .rules(RuleFactory.thresholds(properties.getRules().getThresholds()))
                .listener(notifications);
        // no state directory here: attached to the monitor (VigilLifecycle), the engine keeps its
        // state in the monitor's storage directory (alerts/) and hands it on to the notifications
        applicationRules.orderedStream().forEach(b::rule);
        return b.build();
    }

    /**
     * {@code service} = {@code spring.application.name} (when set) and {@code instance} = the host
     * name, then {@code vigil.external-labels.*} on top; an empty value removes a default.
     */
    static ExternalLabels externalLabels(Map<String, String> configured, String applicationName) {
        Map<String, String> labels =
                new LinkedHashMap<>(ExternalLabels.hostInstance().labels());
        if (applicationName != null && !applicationName.isBlank()) {
            labels.put("service", applicationName);
        }
        configured.forEach((name, value) -> {
            String property = "vigil.external-labels." + name;
            if (!LABEL_NAME.matcher(name).matches()) {
                throw new InvalidVigilPropertyException(
                        property,
                        value,
                        "'" + name
                                + "' is not a valid label name: Alertmanager's label names are [a-zA-Z_][a-zA-Z0-9_]*");
            }
            if (value == null || value.isEmpty()) {
                labels.remove(name);
            } else {
                labels.put(name, value);
            }
        });
        return InvalidVigilPropertyException.naming(
                "vigil.external-labels", labels.toString(), () -> ExternalLabels.of(labels));
    }

    private static final java.util.regex.Pattern LABEL_NAME = java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** The rule files of {@code vigil.rules.files}, read at startup and reloaded when they change. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public VigilRuleFiles vigilRuleFiles(VigilProperties properties, AlertEngine engine, ResourceLoader resources) {
        VigilProperties.Rules rules = properties.getRules();
        List<String> locations = rules.getFiles();
        if (locations == null || locations.isEmpty()) {
            return VigilRuleFiles.none();
        }
        Duration check = rules.getFilesCheckInterval();
        if (check == null || check.isNegative() || check.isZero()) {
            throw new InvalidVigilPropertyException(
                    "vigil.rules.files-check-interval", String.valueOf(check), "must be a positive duration, e.g. 30s");
        }
        RuleFileLoader.Builder loader = InvalidVigilPropertyException.naming(
                "vigil.interval",
                String.valueOf(properties.getInterval()),
                () -> RuleFileLoader.builder().tickInterval(properties.getInterval()));
        for (int i = 0; i < rules.getKnownMetrics().size(); i++) {
            String name = rules.getKnownMetrics().get(i);
            InvalidVigilPropertyException.naming(
                    "vigil.rules.known-metrics[" + i + "]", name, () -> loader.knownMetrics(List.of(name)));
        }
        return VigilRuleFiles.start(locations, resources, engine, loader.build(), check);
    }

    @Bean
    @ConditionalOnMissingBean
    public VigilLifecycle vigilLifecycle(Monitor monitor, AlertEngine engine, Notifications notifications) {
        return new VigilLifecycle(monitor, engine, notifications);
    }
}
