/**
 * Labels: Prometheus' rules for label names ({@link dev.vigil.alerts.label.LabelNames}) and the
 * matchers that select alerts by them ({@link dev.vigil.alerts.label.LabelMatcher}), shared by
 * rules, silences, inhibition rules, rule files and notification routes.
 */
@NullMarked
package dev.vigil.alerts.label;

import org.jspecify.annotations.NullMarked;
