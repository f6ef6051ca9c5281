package dev.vigil.alerts;

import dev.vigil.alerts.report.AlertReport;

/** Copies of {@link Alert} snapshots with one component changed. */
final class Snapshots {

    private Snapshots() {
    }

    static Alert withReport(Alert a, AlertReport report) {
        return new Alert(a.rule(), a.fingerprint(), a.labels(), a.annotations(), a.state(), a.severity(), a.value(),
                a.activeSince(), a.firingSince(), a.resolvedAt(), a.acknowledgement(), a.silenced(), a.inhibited(),
                a.flapping(), report);
    }

    static Alert withAcknowledgement(Alert a, Alert.Acknowledgement acknowledgement) {
        return new Alert(a.rule(), a.fingerprint(), a.labels(), a.annotations(), a.state(), a.severity(), a.value(),
                a.activeSince(), a.firingSince(), a.resolvedAt(), acknowledgement, a.silenced(), a.inhibited(),
                a.flapping(), a.report());
    }
}
