/**
 * Rules: what is measured on a series (latest value, windowed aggregate, rate, prediction), the
 * condition that makes it warn or go critical (thresholds, Nagios ranges), {@code for},
 * {@code keep_firing_for}, no-data and flap detection, and the documented rule packs.
 */
@NullMarked
package dev.vigil.alerts.rule;

import org.jspecify.annotations.NullMarked;
