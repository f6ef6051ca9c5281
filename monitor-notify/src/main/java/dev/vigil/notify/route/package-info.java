/** The routing tree, label matchers, group timings and escalation steps, as in Alertmanager. */
package dev.vigil.notify.route;
