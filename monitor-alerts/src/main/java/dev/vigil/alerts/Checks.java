package dev.vigil.alerts;

import java.time.Duration;

/** The engine builder's argument checks, one message format: the field and the bad value. */
final class Checks {

    private Checks() {
    }

    static Duration zeroOrPositive(String field, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(field + " must be zero or positive, got " + d);
        }
        return d;
    }

    static Duration positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, got " + d);
        }
        return d;
    }

    static int atLeastOne(String field, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, got " + n);
        }
        return n;
    }
}
