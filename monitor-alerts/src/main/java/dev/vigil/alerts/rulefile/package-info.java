/**
 * Rules from files: Vigil's own YAML form and Prometheus rule files (a PromQL subset), loaded into
 * the same rule model as the Java builder, and a watcher that reloads them without losing the state
 * of an unchanged rule.
 */
@NullMarked
package dev.vigil.alerts.rulefile;

import org.jspecify.annotations.NullMarked;
