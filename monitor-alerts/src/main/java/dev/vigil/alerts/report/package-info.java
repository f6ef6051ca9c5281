/**
 * The point-in-time report captured when an alert fires: what the machine and the JVM looked like
 * at that moment (recent history of the series, top processes, threads).
 */
@NullMarked
package dev.vigil.alerts.report;

import org.jspecify.annotations.NullMarked;
