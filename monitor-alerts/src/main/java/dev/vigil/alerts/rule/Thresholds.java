package dev.vigil.alerts.rule;

import dev.vigil.core.internal.Require;

/** Validation shared by the condition records. */
final class Thresholds {

    private Thresholds() {}

    static void requireOrdered(String field, double low, double high) {
        Require.finite(field + " low", low);
        Require.finite(field + " high", high);
        Require.argument(low <= high, field + " low", "not be greater than high " + high, low);
    }
}
