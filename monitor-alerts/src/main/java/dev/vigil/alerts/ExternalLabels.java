package dev.vigil.alerts;

import dev.vigil.alerts.label.LabelNames;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Labels that say which instance of an application an alert comes from, added to every alert the
 * engine emits, as Prometheus' {@code external_labels} are added to every alert it sends. Without
 * them two hosts with the same full disk raise alerts with identical labels, which Alertmanager
 * merges into one: when one host recovers, on-call hears RESOLVED while the other is still full.
 *
 * <p>The default is one label, {@code instance}, holding the host name. An alert's own label of
 * the same name always wins: external labels never override (as in Prometheus). Names must be
 * valid Alertmanager label names ({@code [a-zA-Z_][a-zA-Z0-9_]*}); values must not be empty.
 *
 * <pre>{@code
 * AlertEngine.builder()
 *     .externalLabels(ExternalLabels.hostInstance().with("service", "checkout").with("env", "prod"))
 *     ...
 * }</pre>
 *
 * @param labels the labels, sorted by name
 */
public record ExternalLabels(Map<String, String> labels) {

    /** The label that names the instance by default. */
    public static final String INSTANCE = "instance";

    public ExternalLabels {
        Objects.requireNonNull(labels, "externalLabels");
        TreeMap<String, String> copy = new TreeMap<>();
        labels.forEach((name, value) -> {
            if (name == null || !LabelNames.isValid(name)) {
                throw new IllegalArgumentException("externalLabels: label name '" + name
                        + "' is not a valid Alertmanager label name ([a-zA-Z_][a-zA-Z0-9_]*)");
            }
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("externalLabels: label '" + name + "' has an empty value: '" + value
                        + "' (Alertmanager treats an empty value as an absent label)");
            }
            copy.put(name, value);
        });
        labels = Collections.unmodifiableMap(copy);
    }

    /** Exactly {@code labels}; without an {@code instance} entry, no instance label is added. */
    public static ExternalLabels of(Map<String, String> labels) {
        return new ExternalLabels(labels);
    }

    /** No external labels: only for a single instance (alerts of several would merge). */
    public static ExternalLabels none() {
        return new ExternalLabels(Map.of());
    }

    /** {@code instance} = this machine's host name: the default. */
    public static ExternalLabels hostInstance() {
        return new ExternalLabels(Map.of(INSTANCE, HostName.LOCAL));
    }

    /** These labels and {@code name=value} (replacing a label of that name). */
    public ExternalLabels with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(labels);
        more.put(name, value);
        return new ExternalLabels(more);
    }

    /**
     * {@code alertLabels} with every external label it does not already have. Returns the same map
     * when nothing is added.
     */
    public Map<String, String> addTo(Map<String, String> alertLabels) {
        if (labels.isEmpty() || alertLabels.keySet().containsAll(labels.keySet())) {
            return alertLabels;
        }
        Map<String, String> out = new TreeMap<>(alertLabels);
        labels.forEach(out::putIfAbsent);
        return out;
    }

    /**
     * The host name, found once without a DNS query where possible: a lookup of the local address
     * may hang for seconds on a machine with a misconfigured resolver.
     */
    static final class HostName {
        static final String LOCAL = find();

        private HostName() {}

        static String find() {
            String env = System.getenv("HOSTNAME");
            if (env == null || env.isBlank()) {
                env = System.getenv("COMPUTERNAME");
            }
            if (env != null && !env.isBlank()) {
                return env.strip();
            }
            try {
                String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8)
                        .strip();
                if (!kernel.isEmpty()) {
                    return kernel;
                }
            } catch (IOException | RuntimeException notLinux) {
                // fall through to the JDK's lookup
            }
            try {
                String name = InetAddress.getLocalHost().getHostName();
                return name == null || name.isBlank() ? "localhost" : name;
            } catch (IOException | RuntimeException unresolvable) {
                return "localhost";
            }
        }
    }
}
