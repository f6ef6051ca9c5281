/** The routing tree, label matchers, group timings and escalation steps, as in Alertmanager. */
@NullMarked
package dev.vigil.notify.route;

import org.jspecify.annotations.NullMarked;
