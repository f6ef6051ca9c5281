package dev.vigil.examples;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.AlertListener;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Prints every alert transition on a line of its own: {@code FIRING}, {@code RESOLVED},
 * {@code SEVERITY}, {@code UNKNOWN}, with the rule name, severity and summary, and under a firing
 * alert its point-in-time report.
 */
final class PrintAlerts implements AlertListener {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PrintStream out;
    private final boolean reports;

    PrintAlerts(PrintStream out, boolean reports) {
        this.out = out;
        this.reports = reports;
    }

    @Override
    public void onEvent(AlertEvent event) {
        String verb = event instanceof AlertEvent.Fired
                ? "FIRING"
                : event instanceof AlertEvent.Resolved
                        ? "RESOLVED"
                        : event instanceof AlertEvent.SeverityChanged
                                ? "SEVERITY"
                                : event instanceof AlertEvent.Unknown
                                        ? "UNKNOWN"
                                        : null; // acknowledgements, silences, flapping: not part of these demos
        if (verb == null) {
            return;
        }
        Alert a = event.alert();
        StringBuilder line = new StringBuilder()
                .append(TIME.format(event.time()))
                .append(" ")
                .append(verb)
                .append(" ")
                .append(a.name())
                .append(" severity=")
                .append(a.severity().name().toLowerCase(Locale.ROOT))
                .append(" ")
                .append(a.annotations().getOrDefault("summary", ""))
                .append(a.flapping() ? " (flapping)" : "");
        if (event instanceof AlertEvent.Fired && reports && a.report() != null) {
            line.append(System.lineSeparator()).append(indent(a.report().text()));
        }
        synchronized (out) {
            out.println(line);
        }
    }

    private static String indent(String text) {
        return text.strip().indent(4).stripTrailing();
    }
}
