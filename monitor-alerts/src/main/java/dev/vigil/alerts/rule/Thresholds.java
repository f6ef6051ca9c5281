package dev.vigil.alerts.rule;

/** Validation shared by the condition records. */
final class Thresholds {

    private Thresholds() {
    }

    static void requireFinite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " threshold must be a finite number, got " + value);
        }
    }

    static void requireOrdered(String field, double low, double high) {
        requireFinite(field + " low", low);
        requireFinite(field + " high", high);
        if (low > high) {
            throw new IllegalArgumentException(field + " low " + low + " must not be greater than high " + high);
        }
    }
}
