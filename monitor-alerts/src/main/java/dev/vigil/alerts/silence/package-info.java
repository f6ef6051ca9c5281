/** Muting alerts: silences, recurring maintenance windows and inhibition rules, as in Alertmanager. */
@NullMarked
package dev.vigil.alerts.silence;

import org.jspecify.annotations.NullMarked;
