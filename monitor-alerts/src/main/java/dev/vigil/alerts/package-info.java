/**
 * The alert engine: a {@link dev.vigil.core.TickListener} that evaluates rules on every tick, keeps
 * each alert's state (pending, firing, resolved; silenced, acknowledged, inhibited) and hands typed
 * {@link dev.vigil.alerts.AlertEvent}s to its {@link dev.vigil.alerts.AlertListener}s. Rules are in
 * {@code dev.vigil.alerts.rule}, silences and maintenance windows in {@code dev.vigil.alerts.silence}.
 */
@NullMarked
package dev.vigil.alerts;

import org.jspecify.annotations.NullMarked;
