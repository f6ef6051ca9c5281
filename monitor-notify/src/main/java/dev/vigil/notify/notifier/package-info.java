/** Built-in notifiers: log, webhook, Slack, email, PagerDuty and Alertmanager. */
@NullMarked
package dev.vigil.notify.notifier;

import org.jspecify.annotations.NullMarked;
