/** Built-in notifiers: log, webhook, Slack, email, PagerDuty and Alertmanager. */
package dev.vigil.notify.notifier;
