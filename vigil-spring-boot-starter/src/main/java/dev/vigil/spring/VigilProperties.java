package dev.vigil.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Vigil's settings under {@code vigil.*}, bound by Spring Boot and checked at startup by {@link
 * VigilPropertiesValidator} (a bad value fails startup with a message naming the property).
 *
 * <p>Secrets ({@code url} of Slack and webhook receivers, {@code routing-key}, {@code password})
 * are plain properties here so that they can come from the environment
 * ({@code VIGIL_NOTIFY_SLACK_URL}) or a placeholder ({@code ${SLACK_WEBHOOK_URL}}); they become
 * {@code Secret}s before any notifier sees them and are never logged. None of these classes
 * overrides {@code toString()} for that reason.
 *
 * <pre class="language-yaml">{@code
 * vigil:
 *   interval: 10s
 *   rules.thresholds.queue-backlog: {metric: app.queue.depth, warn-above: 100, crit-above: 1000, for: 1m}
 *   notify.slack.url: ${SLACK_WEBHOOK_URL}
 * }</pre>
 */
@ConfigurationProperties(prefix = "vigil")
public class VigilProperties {

    /** Whether Vigil runs in this application at all. */
    private boolean enabled = true;
    /** How often the monitor samples its sources and evaluates the rules. */
    private Duration interval = Duration.ofSeconds(10);

    private final Sources sources = new Sources();
    private final Micrometer micrometer = new Micrometer();
    private final Rules rules = new Rules();
    /** Notification: receivers, routes and the root's timings. */
    @NestedConfigurationProperty
    private final VigilNotifyProperties notify = new VigilNotifyProperties();

    private final Health health = new Health();
    private final Dashboard dashboard = new Dashboard();
    private final Storage storage = new Storage();
    /**
     * Labels added to every alert, as Prometheus' external_labels; by default {@code service} =
     * {@code spring.application.name} (when set) and {@code instance} = the host name. An empty
     * value removes a default.
     */
    private Map<String, String> externalLabels = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public Sources getSources() {
        return sources;
    }

    public Micrometer getMicrometer() {
        return micrometer;
    }

    public Rules getRules() {
        return rules;
    }

    public VigilNotifyProperties getNotify() {
        return notify;
    }

    public Health getHealth() {
        return health;
    }

    public Dashboard getDashboard() {
        return dashboard;
    }

    public Storage getStorage() {
        return storage;
    }

    public Map<String, String> getExternalLabels() {
        return externalLabels;
    }

    public void setExternalLabels(Map<String, String> externalLabels) {
        this.externalLabels = externalLabels;
    }

    /** When the container (cgroup) source is added. */
    public enum ContainerMode {
        /** When the application runs in a container: a container marker file or a cgroup limit. */
        AUTO,
        /** Always (its series are absent where no cgroup is found). */
        ALWAYS,
        /** Never. */
        NEVER
    }

    /** The built-in sources. */
    public static class Sources {
        /** Host CPU, load, memory, swap, filesystems, disks, network, processes. */
        private boolean host = true;
        /** This JVM's process: CPU, RSS, file descriptors, threads. */
        private boolean process = true;
        /** JVM memory pools, GC, threads, classes, buffers. */
        private boolean jvm = true;
        /** The container's cgroup: CPU, throttling, memory, OOM kills, pids, I/O. */
        private ContainerMode container = ContainerMode.AUTO;

        public boolean isHost() {
            return host;
        }

        public void setHost(boolean host) {
            this.host = host;
        }

        public boolean isProcess() {
            return process;
        }

        public void setProcess(boolean process) {
            this.process = process;
        }

        public boolean isJvm() {
            return jvm;
        }

        public void setJvm(boolean jvm) {
            this.jvm = jvm;
        }

        public ContainerMode getContainer() {
            return container;
        }

        public void setContainer(ContainerMode container) {
            this.container = container;
        }
    }

    /** The two ways between Vigil and the application's MeterRegistry. */
    public static class Micrometer {
        /** Whether the application's meters are read as series that rules can watch. */
        private boolean read = true;
        /** Meter name prefixes not read (Vigil's own meters, under the publish prefix, never are). */
        private List<String> readExclude = new ArrayList<>();
        /** Whether Vigil's series are published into the application's registry as gauges. */
        private boolean publish = true;
        /** Prefix of the published gauges' names. */
        private String publishPrefix = "vigil.";

        public boolean isRead() {
            return read;
        }

        public void setRead(boolean read) {
            this.read = read;
        }

        public List<String> getReadExclude() {
            return readExclude;
        }

        public void setReadExclude(List<String> readExclude) {
            this.readExclude = readExclude;
        }

        public boolean isPublish() {
            return publish;
        }

        public void setPublish(boolean publish) {
            this.publish = publish;
        }

        public String getPublishPrefix() {
            return publishPrefix;
        }

        public void setPublishPrefix(String publishPrefix) {
            this.publishPrefix = publishPrefix;
        }
    }

    /** Alerting rules. */
    public static class Rules {
        private final Packs packs = new Packs();
        /** Threshold rules by name (the name becomes the alert's {@code alertname}). */
        private Map<String, ThresholdRule> thresholds = new LinkedHashMap<>();
        /**
         * Rule files (Prometheus' or Vigil's YAML form): file paths or resource locations that
         * resolve to files ({@code file:}, {@code classpath:} outside a jar). Read at startup and
         * reloaded when they change.
         */
        private List<String> files = new ArrayList<>();
        /** Period of the rule files' fallback check, besides the file system's change events. */
        private Duration filesCheckInterval = Duration.ofSeconds(30);
        /** Series names that PromQL names in rule files may map to, besides the rule packs' series. */
        private List<String> knownMetrics = new ArrayList<>();

        public Packs getPacks() {
            return packs;
        }

        public Map<String, ThresholdRule> getThresholds() {
            return thresholds;
        }

        public void setThresholds(Map<String, ThresholdRule> thresholds) {
            this.thresholds = thresholds;
        }

        public List<String> getFiles() {
            return files;
        }

        public void setFiles(List<String> files) {
            this.files = files;
        }

        public Duration getFilesCheckInterval() {
            return filesCheckInterval;
        }

        public void setFilesCheckInterval(Duration filesCheckInterval) {
            this.filesCheckInterval = filesCheckInterval;
        }

        public List<String> getKnownMetrics() {
            return knownMetrics;
        }

        public void setKnownMetrics(List<String> knownMetrics) {
            this.knownMetrics = knownMetrics;
        }
    }

    /** The default rule packs, each documented in docs/rules.md. */
    public static class Packs {
        /** Disk, memory, swap, load and CPU rules. */
        private boolean host = true;
        /** Heap after GC, GC overhead and deadlock rules. */
        private boolean jvm = true;
        /** File descriptor and process CPU rules. */
        private boolean process = true;
        /** Container memory, throttling and OOM-kill rules (applied when the container source runs). */
        private boolean container = true;

        public boolean isHost() {
            return host;
        }

        public void setHost(boolean host) {
            this.host = host;
        }

        public boolean isJvm() {
            return jvm;
        }

        public void setJvm(boolean jvm) {
            this.jvm = jvm;
        }

        public boolean isProcess() {
            return process;
        }

        public void setProcess(boolean process) {
            this.process = process;
        }

        public boolean isContainer() {
            return container;
        }

        public void setContainer(boolean container) {
            this.container = container;
        }
    }

    /** One threshold rule: at least one of the warn and crit levels is required. */
    public static class ThresholdRule {
        /** The series watched, e.g. {@code app.queue.depth} or {@code disk.usage}. */
        private @Nullable String metric;
        /** Tags a series must have to be watched, e.g. {@code mount: /data}. */
        private Map<String, String> where = new LinkedHashMap<>();
        /** Warning when the value is above this. */
        private @Nullable Double warnAbove;
        /** Warning when the value is below this. */
        private @Nullable Double warnBelow;
        /** Critical when the value is above this. */
        private @Nullable Double critAbove;
        /** Critical when the value is below this. */
        private @Nullable Double critBelow;
        /** Warning outside this Nagios range, e.g. {@code 10:20} or {@code @0:5}. */
        private @Nullable String warn;
        /** Critical outside this Nagios range. */
        private @Nullable String crit;
        /** Compare the average over this window instead of the latest value. */
        private @Nullable Duration avg;
        /** How long the condition must hold before the alert fires (Prometheus' {@code for}). */
        private @Nullable Duration forDuration;
        /** How long the alert keeps firing after the condition stops holding. */
        private @Nullable Duration keepFiringFor;
        /** Summary template, e.g. {@code "queue {{queue}} holds {{value}}"}. */
        private @Nullable String summary;
        /** Labels added to the alert, e.g. {@code team: payments}. */
        private Map<String, String> labels = new LinkedHashMap<>();

        public @Nullable String getMetric() {
            return metric;
        }

        public void setMetric(@Nullable String metric) {
            this.metric = metric;
        }

        public Map<String, String> getWhere() {
            return where;
        }

        public void setWhere(Map<String, String> where) {
            this.where = where;
        }

        public @Nullable Double getWarnAbove() {
            return warnAbove;
        }

        public void setWarnAbove(@Nullable Double warnAbove) {
            this.warnAbove = warnAbove;
        }

        public @Nullable Double getWarnBelow() {
            return warnBelow;
        }

        public void setWarnBelow(@Nullable Double warnBelow) {
            this.warnBelow = warnBelow;
        }

        public @Nullable Double getCritAbove() {
            return critAbove;
        }

        public void setCritAbove(@Nullable Double critAbove) {
            this.critAbove = critAbove;
        }

        public @Nullable Double getCritBelow() {
            return critBelow;
        }

        public void setCritBelow(@Nullable Double critBelow) {
            this.critBelow = critBelow;
        }

        public @Nullable String getWarn() {
            return warn;
        }

        public void setWarn(@Nullable String warn) {
            this.warn = warn;
        }

        public @Nullable String getCrit() {
            return crit;
        }

        public void setCrit(@Nullable String crit) {
            this.crit = crit;
        }

        public @Nullable Duration getAvg() {
            return avg;
        }

        public void setAvg(@Nullable Duration avg) {
            this.avg = avg;
        }

        public @Nullable Duration getFor() {
            return forDuration;
        }

        public void setFor(Duration forDuration) {
            this.forDuration = forDuration;
        }

        public @Nullable Duration getKeepFiringFor() {
            return keepFiringFor;
        }

        public void setKeepFiringFor(@Nullable Duration keepFiringFor) {
            this.keepFiringFor = keepFiringFor;
        }

        public @Nullable String getSummary() {
            return summary;
        }

        public void setSummary(@Nullable String summary) {
            this.summary = summary;
        }

        public Map<String, String> getLabels() {
            return labels;
        }

        public void setLabels(Map<String, String> labels) {
            this.labels = labels;
        }
    }

    /** How Vigil's health maps to Spring Boot health statuses. */
    public static class Health {
        /** Status code reported when nothing fires. */
        private String ok = "UP";
        /** Status code reported when a warning fires and no critical. */
        private String warning = "UP";
        /** Status code reported when a critical fires. */
        private String critical = "DOWN";
        /** Status code reported when nothing fires but some data cannot be trusted. */
        private String unknown = "UNKNOWN";

        public String getOk() {
            return ok;
        }

        public void setOk(String ok) {
            this.ok = ok;
        }

        public String getWarning() {
            return warning;
        }

        public void setWarning(String warning) {
            this.warning = warning;
        }

        public String getCritical() {
            return critical;
        }

        public void setCritical(String critical) {
            this.critical = critical;
        }

        public String getUnknown() {
            return unknown;
        }

        public void setUnknown(String unknown) {
            this.unknown = unknown;
        }
    }

    /**
     * The web dashboard (module {@code monitor-dashboard}, when it is on the class path), served by
     * its own HTTP server. Loopback unless credentials are set; {@code password} and {@code token}
     * are secrets and never logged.
     */
    public static class Dashboard {
        /** Whether the dashboard runs when its module is on the class path. */
        private boolean enabled = true;
        /** Address the dashboard binds; anything but loopback needs username and password, or a token. */
        private String host = "127.0.0.1";
        /** Port of the dashboard's own server; 0 takes any free port (the URL is logged at startup). */
        private int port = 0;
        /** Whether the dashboard refuses every action (silence, expire, acknowledge). */
        private boolean readOnly = false;
        /** User name for HTTP basic authentication (with password). */
        private @Nullable String username;
        /** Password for HTTP basic authentication, at least 8 characters (secret). */
        private @Nullable String password;
        /** Bearer token, at least 16 characters, instead of username and password (secret). */
        private @Nullable String token;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public boolean isReadOnly() {
            return readOnly;
        }

        public void setReadOnly(boolean readOnly) {
            this.readOnly = readOnly;
        }

        public @Nullable String getUsername() {
            return username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public @Nullable String getToken() {
            return token;
        }

        public void setToken(@Nullable String token) {
            this.token = token;
        }
    }

    /** Durable state: where the monitor keeps what should survive a restart. */
    public static class Storage {
        /**
         * Storage directory for the monitor's history, the alert engine's state (alerts/) and the
         * notification log (notify/), opened and locked by the monitor and closed with it; unset
         * keeps everything in memory. One directory per running application.
         */
        private @Nullable Path directory;

        public @Nullable Path getDirectory() {
            return directory;
        }

        public void setDirectory(@Nullable Path directory) {
            this.directory = directory;
        }
    }
}
