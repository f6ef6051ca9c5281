package dev.vigil.alerts.silence;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.core.internal.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Mutes the alerts whose labels pass every matcher between {@code startsAt} (inclusive) and
 * {@code endsAt} (exclusive), as an Alertmanager silence does. A muted alert still changes state
 * but carries {@code silenced = true}, and notifiers skip it. It expires on its own.
 *
 * <pre>{@code
 * String id = engine.silence(Silence.matching(LabelMatcher.equal("alertname", "disk-almost-full"))
 *         .from(now).lasting(Duration.ofHours(2)).by("alice").comment("resizing the volume").build());
 * }</pre>
 *
 * @param matchers label matchers, at least one
 * @param startsAt start, inclusive
 * @param endsAt end, exclusive
 * @param createdBy who created it
 * @param comment why
 */
public record Silence(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {

    public Silence {
        if (matchers == null || matchers.isEmpty()) {
            throw new IllegalArgumentException("silence matchers must not be empty: a silence muting everything "
                    + "is a mistake; match on alertname or another label");
        }
        matchers = List.copyOf(matchers);
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("silence endsAt " + endsAt + " must be after startsAt " + startsAt);
        }
        if (createdBy == null || createdBy.isBlank()) {
            throw new IllegalArgumentException("silence createdBy must not be blank, got '" + createdBy + "'");
        }
        comment = comment == null ? "" : comment;
    }

    /** A builder for a silence over these matchers. */
    public static Builder matching(LabelMatcher... matchers) {
        return new Builder(List.of(matchers));
    }

    /** Whether the silence is in force at {@code millis}. */
    public boolean activeAt(long millis) {
        return millis >= startsAt.toEpochMilli() && millis < endsAt.toEpochMilli();
    }

    /** Whether the silence mutes alerts with these labels (ignoring time). */
    public boolean matches(Map<String, String> labels) {
        return LabelMatcher.all(matchers, labels);
    }

    /** Builds a {@link Silence}. */
    public static final class Builder {
        private final List<LabelMatcher> matchers;
        private @Nullable Instant startsAt;
        private @Nullable Instant endsAt;
        private @Nullable Duration lasting;
        private @Nullable String createdBy;
        private String comment = "";

        private Builder(List<LabelMatcher> matchers) {
            this.matchers = new ArrayList<>(matchers);
        }

        /** When it starts. */
        public Builder from(Instant start) {
            this.startsAt = Objects.requireNonNull(start, "startsAt");
            return this;
        }

        /** When it ends. */
        public Builder until(Instant end) {
            this.endsAt = Objects.requireNonNull(end, "endsAt");
            this.lasting = null;
            return this;
        }

        /** How long it lasts from its start. */
        public Builder lasting(Duration duration) {
            Require.positive("silence duration", duration);
            this.lasting = duration;
            this.endsAt = null;
            return this;
        }

        /** Who creates it. */
        public Builder by(String author) {
            this.createdBy = author;
            return this;
        }

        /** Why. */
        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        /** The silence; {@code from} is required. */
        public Silence build() {
            if (startsAt == null) {
                throw new IllegalArgumentException("silence startsAt is not set: call from(...)");
            }
            Instant end = lasting != null ? startsAt.plus(lasting) : endsAt;
            if (end == null) {
                throw new IllegalArgumentException("silence end is not set: call until(...) or lasting(...)");
            }
            return new Silence(matchers, startsAt, end, createdBy, comment);
        }
    }
}
