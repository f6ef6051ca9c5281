package dev.vigil.dashboard;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.silence.Silence;
import dev.vigil.core.Monitor;
import dev.vigil.core.history.History;
import dev.vigil.core.history.SeriesHistory;
import dev.vigil.core.metric.MetricId;
import dev.vigil.notify.Notifications;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the dashboard shows and does, on top of the public API of the monitor, the engine and the
 * notifications: the pages (one HTML shell each; the scripts fill it from the JSON API), the API's
 * answers and the actions.
 */
final class Site {

    /** Longest silence the form accepts. */
    static final Duration MAX_SILENCE = Duration.ofDays(30);

    private final Monitor monitor;
    private final AlertEngine alerts;
    private final Notifications notifications;
    private final boolean readOnly;
    private final String csrf;
    /** With basic authentication, who every action is recorded as; else the form says. */
    private final String user;

    private final Pages pages;

    Site(
            Monitor monitor,
            AlertEngine alerts,
            Notifications notifications,
            boolean readOnly,
            String csrf,
            Credentials credentials) {
        this.user = credentials instanceof Credentials.Basic basic ? basic.user() : null;
        this.monitor = monitor;
        this.alerts = alerts;
        this.notifications = notifications;
        this.readOnly = readOnly;
        this.csrf = csrf;
        this.pages = new Pages(csrf);
    }

    byte @Nullable [] page(String path) {
        return pages.render(path);
    }

    JsonWriter get(String path, Query q) {
        History history = monitor.history();
        return switch (path) {
            case "/api/meta" -> meta();
            case "/api/overview" -> overview(history);
            case "/api/series" -> seriesList(history);
            case "/api/series/data" ->
                SeriesData.write(monitor, seriesId(history, q.required("id")), Span.parse(q.get("span", "day")));
            case "/api/graphs" -> graphs(history, q.get("category"));
            case "/api/container" -> charts(containerCharts(history));
            case "/api/availability" -> availability(history);
            case "/api/alerts" -> alertsPage();
            case "/api/notifications" -> notificationsInfo();
            default -> {
                if (path.startsWith("/api/alerts/")) {
                    yield alertDetail(segment(path, "/api/alerts/"));
                }
                throw new Router.BadRequest(404, "no such API");
            }
        };
    }

    JsonWriter post(String path, Query form) {
        if (readOnly) {
            throw new Router.BadRequest(403, "this dashboard is read-only");
        }
        AlertEngine engine = engine();
        if (path.equals("/api/silences")) {
            return createSilence(engine, form);
        }
        if (path.startsWith("/api/silences/") && path.endsWith("/expire")) {
            String id = segment(path.substring(0, path.length() - "/expire".length()), "/api/silences/");
            boolean expired = engine.expireSilence(id);
            if (!expired) {
                throw new Router.BadRequest(404, "no silence with this id");
            }
            return new JsonWriter(32).beginObject().field("expired", id).endObject();
        }
        if (path.startsWith("/api/alerts/") && path.endsWith("/acknowledge")) {
            String fp = segment(path.substring(0, path.length() - "/acknowledge".length()), "/api/alerts/");
            Alert acked = engine.acknowledge(fp, author(form), form.get("note", ""));
            if (acked == null) {
                throw new Router.BadRequest(409, "no firing alert with this fingerprint");
            }
            JsonWriter json = new JsonWriter(1024);
            Alerts.write(json, acked, seriesOf(acked));
            return json;
        }
        throw new Router.BadRequest(404, "no such action");
    }

    // ------------------------------------------------------------------ answers

    private JsonWriter meta() {
        JsonWriter json = new JsonWriter(256)
                .beginObject()
                .field("intervalMillis", monitor.interval().toMillis())
                .field("nowMillis", nowMillis(monitor.history()))
                .field("readOnly", readOnly)
                .field("alerts", alerts != null)
                .field("csrf", csrf)
                .field("user", user)
                .name("spans")
                .beginArray();
        for (Span s : Span.values()) {
            json.value(s.key());
        }
        return json.endArray().endObject();
    }

    private JsonWriter overview(History history) {
        JsonWriter json = new JsonWriter(4096).beginObject();
        health(json);
        json.name("charts").beginArray();
        overviewCharts(history).forEach(c -> c.write(json));
        json.endArray();
        json.field("series", history.ids().size());
        return json.endObject();
    }

    static List<ChartSpec> overviewCharts(History history) {
        List<ChartSpec> charts = new ArrayList<>();
        ChartSpec.addIfPresent(charts, ChartSpec.of(history, "CPU usage", "system.cpu.usage", "process.cpu.usage"));
        ChartSpec.addIfPresent(charts, loadPerCore(history));
        ChartSpec.addIfPresent(charts, ChartSpec.of(history, "Memory usage", "system.memory.usage"));
        ChartSpec.addIfPresent(charts, ChartSpec.of(history, "Disk usage", "disk.usage"));
        ChartSpec.addIfPresent(charts, ChartSpec.of(history, "Network received", "network.receive.bytes"));
        ChartSpec.addIfPresent(charts, ChartSpec.of(history, "Network sent", "network.transmit.bytes"));
        ChartSpec.addIfPresent(charts, ChartSpec.of(history, "Heap after GC", "jvm.memory.heap.after.gc.usage"));
        ChartSpec.addIfPresent(charts, ChartSpec.of(history, "GC time", "jvm.gc.overhead"));
        return charts;
    }

    /** The 1-minute load divided by the core count when the history has it, as Nagios' check_load -r does. */
    private static @Nullable ChartSpec loadPerCore(History history) {
        ChartSpec load = ChartSpec.of(history, "Load (1 min)", "system.load.average.1m");
        SeriesHistory cores = history.series(MetricId.of("system.cpu.count"));
        if (load == null || cores == null || !(cores.latest() >= 1)) {
            return load;
        }
        return load.scaled("Load per core (1 min, " + (long) cores.latest() + " cores)", 1 / cores.latest());
    }

    static List<ChartSpec> containerCharts(History history) {
        List<ChartSpec> charts = new ArrayList<>();
        ChartSpec.addIfPresent(
                charts, ChartSpec.of(history, "CPU against the limit", "container.cpu.usage", "container.cpu.limit"));
        ChartSpec.addIfPresent(
                charts,
                ChartSpec.of(
                        history, "CPU throttling", "container.cpu.throttled.periods", "container.cpu.throttled.time"));
        ChartSpec.addIfPresent(
                charts,
                ChartSpec.of(
                        history,
                        "Memory: usage, working set, limit",
                        "container.memory.usage",
                        "container.memory.working_set",
                        "container.memory.limit"));
        ChartSpec.addIfPresent(
                charts, ChartSpec.of(history, "I/O", "container.io.read.bytes", "container.io.write.bytes"));
        ChartSpec.addIfPresent(
                charts, ChartSpec.of(history, "Network", "network.receive.bytes", "network.transmit.bytes"));
        ChartSpec.addIfPresent(
                charts, ChartSpec.of(history, "Processes", "container.pids.current", "container.pids.max"));
        ChartSpec.addIfPresent(charts, ChartSpec.of(history, "OOM kills", "container.memory.oom_kills"));
        return charts;
    }

    private static JsonWriter charts(List<ChartSpec> charts) {
        JsonWriter json = new JsonWriter(2048).beginObject().name("charts").beginArray();
        charts.forEach(c -> c.write(json));
        return json.endArray().endObject();
    }

    private static JsonWriter seriesList(History history) {
        JsonWriter json = new JsonWriter(64 * 1024).beginObject().name("series").beginArray();
        Catalog.byCategory(history)
                .forEach((category, names) -> names.values()
                        .forEach(ids -> ids.forEach(id -> {
                            SeriesHistory s = history.series(id);
                            json.beginObject()
                                    .field("id", id.toString())
                                    .field("name", id.name())
                                    .field("tags", id.tags())
                                    .field("category", category.key())
                                    .field("unit", s.unit().symbol())
                                    .field("latest", s.latest())
                                    .endObject();
                        })));
        return json.endArray().endObject();
    }

    private static JsonWriter graphs(History history, String category) {
        JsonWriter json =
                new JsonWriter(16 * 1024).beginObject().name("categories").beginArray();
        Catalog.byCategory(history).forEach((c, names) -> {
            if (category != null && !category.isEmpty() && !category.equals(c.key())) {
                return;
            }
            json.beginObject()
                    .field("key", c.key())
                    .field("title", c.title)
                    .name("charts")
                    .beginArray();
            names.forEach((name, ids) -> new ChartSpec(
                            name,
                            history.series(ids.get(0)).unit().symbol(),
                            ids.subList(0, Math.min(ids.size(), Catalog.MAX_SERIES_PER_CHART)))
                    .write(json));
            json.endArray().endObject();
        });
        return json.endArray().endObject();
    }

    private static JsonWriter availability(History history) {
        JsonWriter json = new JsonWriter(8192).beginObject().name("probes").beginArray();
        for (MetricId success : Catalog.named(history, "probe.success")) {
            SeriesHistory up = history.series(success);
            json.beginObject()
                    .field("probe", tag(success, "probe"))
                    .field("target", tag(success, "target"))
                    .field("series", success.toString())
                    .field("up", up.latest())
                    .field("uptime24h", 100 * up.avg(Duration.ofHours(24)))
                    .field("uptime7d", 100 * up.avg(Duration.ofDays(7)))
                    .field("uptime30d", 100 * up.avg(Duration.ofDays(30)));
            latestOf(json, history, "latencySeconds", MetricId.of("probe.duration", success.tags()));
            latestOf(json, history, "certExpirySeconds", MetricId.of("probe.tls.cert.expiry", success.tags()));
            json.field(
                    "latencySeries",
                    MetricId.of("probe.duration", success.tags()).toString());
            json.endObject();
        }
        return json.endArray().endObject();
    }

    private static void latestOf(JsonWriter json, History history, String field, MetricId id) {
        SeriesHistory s = history.series(id);
        json.field(field, s == null ? Double.NaN : s.latest());
    }

    private JsonWriter alertsPage() {
        JsonWriter json = new JsonWriter(16 * 1024).beginObject();
        health(json);
        json.name("active").beginArray();
        if (alerts != null) {
            List<Alert> active = new ArrayList<>(alerts.activeAlerts());
            active.sort(
                    Comparator.comparing((Alert a) -> a.severity()).reversed().thenComparing(a -> a.name()));
            active.forEach(a -> Alerts.write(json, a, seriesOf(a)));
        }
        json.endArray().name("silences").beginArray();
        if (alerts != null) {
            alerts.silences().forEach((id, s) -> Alerts.write(json, id, s));
        }
        json.endArray();
        return json.endObject();
    }

    private JsonWriter alertDetail(String fingerprint) {
        Alert alert = engine().alert(fingerprint);
        if (alert == null) {
            throw new Router.BadRequest(404, "no alert with this fingerprint");
        }
        JsonWriter json = new JsonWriter(16 * 1024);
        Alerts.write(json, alert, seriesOf(alert));
        return json;
    }

    private JsonWriter notificationsInfo() {
        JsonWriter json = new JsonWriter(512).beginObject().field("configured", notifications != null);
        json.name("receivers").beginArray();
        if (notifications != null) {
            notifications.receivers().forEach(json::value);
        }
        json.endArray().field("pending", notifications == null ? 0 : notifications.pending());
        return json.endObject();
    }

    private void health(JsonWriter json) {
        json.field("health", alerts == null ? "UNKNOWN" : alerts.health().name());
        int firing = 0;
        int pending = 0;
        if (alerts != null) {
            for (Alert a : alerts.activeAlerts()) {
                if (a.state() == AlertState.FIRING) {
                    firing++;
                } else if (a.state() == AlertState.PENDING) {
                    pending++;
                }
            }
        }
        json.field("firing", firing).field("pending", pending);
    }

    // ------------------------------------------------------------------ actions

    private JsonWriter createSilence(AlertEngine engine, Query form) {
        List<LabelMatcher> matchers = Matchers.parse(form.required("matchers"));
        Duration duration = Durations.parse(form.required("duration"));
        if (duration.compareTo(MAX_SILENCE) > 0) {
            throw new Router.BadRequest(400, "silence duration must be at most " + MAX_SILENCE.toDays() + " days");
        }
        Silence silence;
        try {
            silence = new Silence(
                    matchers,
                    Instant.ofEpochMilli(monitor.clock().wallMillis()),
                    Instant.ofEpochMilli(monitor.clock().wallMillis()).plus(duration),
                    author(form),
                    form.required("comment"));
        } catch (IllegalArgumentException e) {
            throw new Router.BadRequest(400, e.getMessage());
        }
        String id = engine.silence(silence);
        return new JsonWriter(64).beginObject().field("id", id).endObject();
    }

    private String author(Query form) {
        if (user != null) {
            return user;
        }
        String by = form.required("by").strip();
        if (by.length() > 100) {
            throw new Router.BadRequest(400, "parameter 'by' is longer than 100 characters");
        }
        return by;
    }

    private AlertEngine engine() {
        if (alerts == null) {
            throw new Router.BadRequest(404, "this dashboard has no alert engine");
        }
        return alerts;
    }

    // ------------------------------------------------------------------ helpers

    /** The series an alert watches: its {@code series} label is the series id, as docs/alerts.md says. */
    private @Nullable MetricId seriesOf(Alert alert) {
        String id = alert.labels().get("series");
        return id == null ? null : Catalog.find(monitor.history(), id);
    }

    private static MetricId seriesId(History history, String key) {
        MetricId id = Catalog.find(history, key);
        if (id == null) {
            throw new Router.BadRequest(404, "no series " + key);
        }
        return id;
    }

    private static String segment(String path, String prefix) {
        String raw = path.substring(prefix.length());
        if (raw.isEmpty() || raw.indexOf('/') >= 0) {
            throw new Router.BadRequest(404, "no such resource");
        }
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    private static String tag(MetricId id, String key) {
        String v = id.tag(key);
        return v == null ? "" : v;
    }

    static long nowMillis(History history) {
        long now = history.nowMillis();
        return now == Long.MIN_VALUE ? 0 : now;
    }
}
