/**
 * Notification: the {@link dev.vigil.notify.Notifier} interface applications implement for their
 * own channels, and {@link dev.vigil.notify.Notifications}, the alert listener that routes,
 * groups and reliably delivers to them, with its routing tree ({@link dev.vigil.notify.Route},
 * {@link dev.vigil.notify.Timings}, {@link dev.vigil.notify.EscalationStep}). The built-in
 * notifiers are in {@code dev.vigil.notify.notifier}.
 */
@NullMarked
package dev.vigil.notify;

import org.jspecify.annotations.NullMarked;
