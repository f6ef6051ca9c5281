package dev.vigil.alerts;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AlertEngine#tryAcknowledge(String, String, String)} did, and if nothing, why. A
 * closed set: only a firing alert can be acknowledged.
 *
 * <pre>{@code
 * AcknowledgeOutcome outcome = engine.tryAcknowledge(fingerprint, "bob", "looking");
 * if (outcome instanceof AcknowledgeOutcome.Acknowledged a) {
 *     reply("acknowledged " + a.alert().name());
 * } else if (outcome instanceof AcknowledgeOutcome.NotFiring n) {
 *     reply("it is " + n.alert().state() + ", not firing");
 * } else {
 *     reply("no such alert");
 * }
 * }</pre>
 * (On Java 21, a {@code switch} with type patterns says the same.)
 */
public sealed interface AcknowledgeOutcome {

    /** The acknowledged alert, or {@code null} when it was not acknowledged. */
    default @Nullable Alert acknowledged() {
        return this instanceof Acknowledged a ? a.alert() : null;
    }

    /**
     * The alert was firing and is now acknowledged.
     *
     * @param alert the alert with its acknowledgement
     */
    record Acknowledged(Alert alert) implements AcknowledgeOutcome {
        public Acknowledged {
            Objects.requireNonNull(alert, "alert");
        }
    }

    /**
     * The alert exists but is not firing (PENDING, UNKNOWN, RESOLVED or INACTIVE): nothing to
     * acknowledge; an acknowledgement would have nothing to hold back.
     *
     * @param alert the alert as it is now
     */
    record NotFiring(Alert alert) implements AcknowledgeOutcome {
        public NotFiring {
            Objects.requireNonNull(alert, "alert");
        }
    }

    /**
     * The engine holds no alert with this fingerprint (never, or forgotten with its series).
     *
     * @param fingerprint the fingerprint asked for
     */
    record NotFound(String fingerprint) implements AcknowledgeOutcome {
        public NotFound {
            Objects.requireNonNull(fingerprint, "fingerprint");
        }
    }

    /** The engine is closed. */
    record EngineClosed() implements AcknowledgeOutcome {}
}
