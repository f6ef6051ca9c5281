package dev.vigil.notify;

import dev.vigil.alerts.Alert;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The plain-text title and body every notifier can fall back on, and the common labels. */
final class Rendering {

    private Rendering() {
    }

    static String title(Notification.Status status, List<Alert> alerts, Map<String, String> groupLabels) {
        long firing = alerts.stream().filter(a -> !Notification.isResolved(a)).count();
        String what = groupLabels.isEmpty()
                ? alerts.get(0).name()
                : new java.util.TreeMap<>(groupLabels).values().stream().collect(Collectors.joining(" "));
        return status == Notification.Status.FIRING
                ? "[FIRING:" + firing + "] " + what
                : "[RESOLVED] " + what;
    }

    static String text(List<Alert> alerts) {
        StringBuilder out = new StringBuilder();
        for (Alert a : alerts) {
            boolean resolved = Notification.isResolved(a);
            out.append(resolved ? "[RESOLVED] " : "[" + a.severity().name() + "] ").append(a.name());
            String summary = a.annotations().get("summary");
            if (summary != null && !summary.isBlank()) {
                out.append(": ").append(summary);
            }
            out.append('\n');
            String description = a.annotations().get("description");
            if (description != null && !description.isBlank()) {
                out.append("  ").append(description).append('\n');
            }
            String labels = a.labels().entrySet().stream()
                    .filter(e -> !e.getKey().equals("alertname"))
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
            if (!labels.isEmpty()) {
                out.append("  labels: ").append(labels).append('\n');
            }
            if (a.firingSince() != null) {
                out.append("  since: ").append(a.firingSince());
                if (resolved && a.resolvedAt() != null) {
                    out.append(", resolved: ").append(a.resolvedAt());
                }
                out.append('\n');
            }
            if (a.acknowledged()) {
                out.append("  acknowledged by ").append(a.acknowledgement().by()).append('\n');
            }
        }
        return out.toString();
    }

    /** Entries present with the same value in every map. */
    static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return Map.of();
        }
        Map<String, String> common = new HashMap<>(maps.get(0));
        for (Map<String, String> m : maps.subList(1, maps.size())) {
            common.entrySet().removeIf(e -> !Objects.equals(m.get(e.getKey()), e.getValue()));
        }
        return common;
    }
}
