/**
 * Notification: the {@link dev.vigil.notify.Notifier} interface applications implement for their
 * own channels, and {@link dev.vigil.notify.Notifications}, the alert listener that routes,
 * groups and reliably delivers to them. Routing types are in {@code dev.vigil.notify.route}, the
 * built-in notifiers in {@code dev.vigil.notify.notifier}.
 */
@NullMarked
package dev.vigil.notify;

import org.jspecify.annotations.NullMarked;
