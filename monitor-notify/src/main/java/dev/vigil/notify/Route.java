package dev.vigil.notify;

import dev.vigil.alerts.label.LabelMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A node of the routing tree, as in Alertmanager: an alert goes down the first child route whose
 * matchers it satisfies (and on to the next siblings when that child has
 * {@link #continueMatching()}); the deepest matching routes notify their receivers. Settings left
 * unset ({@code groupBy}, timings, {@code sendResolved}) are inherited from the parent route.
 * Immutable: every method returns a new route.
 *
 * <pre>{@code
 * Route critical = Route.where("severity", "critical")
 *         .to(PagerDutyNotifier.of(routingKey))
 *         .groupBy("alertname")
 *         .repeatInterval(Duration.ofHours(1));
 * }</pre>
 */
public final class Route {

    /** The {@code groupBy} value that groups by every label (one group per alert). */
    public static final String ALL_LABELS = "...";

    /**
     * How long a {@linkplain #synchronizeState() state-synchronising} route keeps re-sending a
     * resolved alert: Prometheus' {@code resolvedRetention}, 15 minutes.
     */
    public static final Duration RESOLVED_RESEND = Duration.ofMinutes(15);

    private final List<LabelMatcher> matchers;
    private final List<Notifier> receivers;
    private final List<Route> children;
    private final boolean continueMatching;
    private final @Nullable List<String> groupBy;
    private final @Nullable Duration groupWait;
    private final @Nullable Duration groupInterval;
    private final @Nullable Duration repeatInterval;
    private final @Nullable Boolean sendResolved;
    private final @Nullable Boolean repeatWhileAcknowledged;
    private final List<EscalationStep> escalation;
    private final boolean synchronizesState;

    private Route(
            List<LabelMatcher> matchers,
            List<Notifier> receivers,
            List<Route> children,
            boolean continueMatching,
            @Nullable List<String> groupBy,
            @Nullable Duration groupWait,
            @Nullable Duration groupInterval,
            @Nullable Duration repeatInterval,
            @Nullable Boolean sendResolved,
            @Nullable Boolean repeatWhileAcknowledged,
            List<EscalationStep> escalation,
            boolean synchronizesState) {
        this.matchers = List.copyOf(matchers);
        this.receivers = List.copyOf(receivers);
        this.children = List.copyOf(children);
        this.continueMatching = continueMatching;
        this.groupBy = groupBy == null ? null : List.copyOf(groupBy);
        this.groupWait = groupWait;
        this.groupInterval = groupInterval;
        this.repeatInterval = repeatInterval;
        this.sendResolved = sendResolved;
        this.repeatWhileAcknowledged = repeatWhileAcknowledged;
        this.escalation = List.copyOf(escalation);
        this.synchronizesState = synchronizesState;
    }

    /** A route matching every alert. */
    public static Route all() {
        return new Route(List.of(), List.of(), List.of(), false, null, null, null, null, null, null, List.of(), false);
    }

    /** A route matching alerts whose label {@code name} equals {@code value}. */
    public static Route where(String name, String value) {
        return all().and(LabelMatcher.equal(name, value));
    }

    /** A route matching alerts whose label {@code name} does not equal {@code value}. */
    public static Route whereNot(String name, String value) {
        return all().and(LabelMatcher.notEqual(name, value));
    }

    /** A route matching alerts whose label {@code name} matches {@code regex} entirely. */
    public static Route whereMatches(String name, String regex) {
        return all().and(LabelMatcher.regex(name, regex));
    }

    /** A route matching alerts that satisfy every one of {@code matchers}. */
    public static Route matching(LabelMatcher... matchers) {
        Route route = all();
        for (LabelMatcher m : matchers) {
            route = route.and(m);
        }
        return route;
    }

    /** Adds a matcher (all must hold). */
    public Route and(LabelMatcher matcher) {
        Objects.requireNonNull(matcher, "matcher");
        List<LabelMatcher> more = new ArrayList<>(matchers);
        more.add(matcher);
        return new Route(
                more,
                receivers,
                children,
                continueMatching,
                groupBy,
                groupWait,
                groupInterval,
                repeatInterval,
                sendResolved,
                repeatWhileAcknowledged,
                escalation,
                synchronizesState);
    }

    /**
     * Adds receivers notified for the alerts this route handles. A route given none uses its
     * parent's, up to the default receivers at the root, as in Alertmanager.
     */
    public Route to(Notifier... receivers) {
        List<Notifier> more = new ArrayList<>(this.receivers);
        for (Notifier n : receivers) {
            more.add(Objects.requireNonNull(n, "receiver"));
        }
        return new Route(
                matchers,
                more,
                children,
                continueMatching,
                groupBy,
                groupWait,
                groupInterval,
                repeatInterval,
                sendResolved,
                repeatWhileAcknowledged,
                escalation,
                synchronizesState);
    }

    /** Adds a child route, tried after the ones added before it. */
    public Route child(Route child) {
        Objects.requireNonNull(child, "child");
        List<Route> more = new ArrayList<>(children);
        more.add(child);
        return new Route(
                matchers,
                receivers,
                more,
                continueMatching,
                groupBy,
                groupWait,
                groupInterval,
                repeatInterval,
                sendResolved,
                repeatWhileAcknowledged,
                escalation,
                synchronizesState);
    }

    /** After this route matches, keep trying its next siblings too (Alertmanager's {@code continue}). */
    public Route continueMatching() {
        return new Route(
                matchers,
                receivers,
                children,
                true,
                groupBy,
                groupWait,
                groupInterval,
                repeatInterval,
                sendResolved,
                repeatWhileAcknowledged,
                escalation,
                synchronizesState);
    }

    /** Groups alerts by these labels; {@link #ALL_LABELS} groups by all labels; none: one group. */
    public Route groupBy(String... labels) {
        for (String l : labels) {
            Objects.requireNonNull(l, "groupBy label");
            if (l.isBlank()) {
                throw new IllegalArgumentException("groupBy label must not be blank: " + Arrays.toString(labels));
            }
        }
        if (Arrays.asList(labels).contains(ALL_LABELS) && labels.length > 1) {
            throw new IllegalArgumentException("groupBy \"...\" must stand alone: " + Arrays.toString(labels));
        }
        return new Route(
                matchers,
                receivers,
                children,
                continueMatching,
                Arrays.asList(labels),
                groupWait,
                groupInterval,
                repeatInterval,
                sendResolved,
                repeatWhileAcknowledged,
                escalation,
                synchronizesState);
    }

    /** Sets all three timings. */
    public Route timings(Timings timings) {
        Objects.requireNonNull(timings, "timings");
        return new Route(
                matchers,
                receivers,
                children,
                continueMatching,
                groupBy,
                timings.groupWait(),
                timings.groupInterval(),
                timings.repeatInterval(),
                sendResolved,
                repeatWhileAcknowledged,
                escalation,
                synchronizesState);
    }

    /** Sets the group wait. */
    public Route groupWait(Duration value) {
        Timings.notNegative("groupWait", value);
        return new Route(
                matchers,
                receivers,
                children,
                continueMatching,
                groupBy,
                value,
                groupInterval,
                repeatInterval,
                sendResolved,
                repeatWhileAcknowledged,
                escalation,
                synchronizesState);
    }

    /** Sets the group interval. */
    public Route groupInterval(Duration value) {
        Timings.positive("groupInterval", value);
        return new Route(
                matchers,
                receivers,
                children,
                continueMatching,
                groupBy,
                groupWait,
                value,
                repeatInterval,
                sendResolved,
                repeatWhileAcknowledged,
                escalation,
                synchronizesState);
    }

    /** Sets the repeat interval. */
    public Route repeatInterval(Duration value) {
        Timings.positive("repeatInterval", value);
        return new Route(
                matchers,
                receivers,
                children,
                continueMatching,
                groupBy,
                groupWait,
                groupInterval,
                value,
                sendResolved,
                repeatWhileAcknowledged,
                escalation,
                synchronizesState);
    }

    /** Whether receivers are told when alerts resolve (default true). */
    public Route sendResolved(boolean value) {
        return new Route(
                matchers,
                receivers,
                children,
                continueMatching,
                groupBy,
                groupWait,
                groupInterval,
                repeatInterval,
                value,
                repeatWhileAcknowledged,
                escalation,
                synchronizesState);
    }

    /**
     * Whether acknowledged alerts are still repeated (default false: an acknowledgement stops
     * reminders). Receivers that expire alerts unless refreshed, such as Alertmanager, want true.
     */
    public Route repeatWhileAcknowledged(boolean value) {
        return new Route(
                matchers,
                receivers,
                children,
                continueMatching,
                groupBy,
                groupWait,
                groupInterval,
                repeatInterval,
                sendResolved,
                value,
                escalation,
                synchronizesState);
    }

    /** Adds an escalation step: see {@link EscalationStep}. Steps must come in increasing delay. */
    public Route escalateAfter(Duration after, Notifier... receivers) {
        EscalationStep step = new EscalationStep(after, Arrays.asList(receivers));
        if (!escalation.isEmpty()
                && escalation.get(escalation.size() - 1).after().compareTo(after) >= 0) {
            throw new IllegalArgumentException("escalation delays must increase: " + after + " after "
                    + escalation.get(escalation.size() - 1).after());
        }
        List<EscalationStep> more = new ArrayList<>(escalation);
        more.add(step);
        return new Route(
                matchers,
                this.receivers,
                children,
                continueMatching,
                groupBy,
                groupWait,
                groupInterval,
                repeatInterval,
                sendResolved,
                repeatWhileAcknowledged,
                more,
                synchronizesState);
    }

    /**
     * Makes this a route to receivers that hold alert state, such as Alertmanager, rather than
     * receivers that tell people. Such a receiver must hold every alert that is active here, or it
     * lets the alert expire and tells on-call RESOLVED while the condition still holds; so, unlike
     * other routes:
     * <ul>
     *   <li>local mutes do not apply: silenced, acknowledged, inhibited, in-maintenance and flapping
     *       alerts are sent like any other (mute them in the receiver);</li>
     *   <li>every alert matching here is in one group: a change (firing, severity, resolution)
     *       makes it due at once, so the flush that follows the evaluation sends that evaluation's
     *       changes in one notification, and every group interval all alerts are sent again in
     *       one notification;</li>
     *   <li>a resolved alert is sent again at each of those re-sends for {@link #RESOLVED_RESEND}
     *       (as Prometheus does), so a receiver that restarted meanwhile learns of it.</li>
     * </ul>
     * {@code groupBy}, group wait, repeat interval and escalation do not apply. Not inherited by
     * child routes. {@code AlertmanagerNotifier.route()} builds such a route.
     *
     * <pre>{@code
     * Route.all().synchronizeState().groupInterval(Duration.ofMinutes(1)).to(alertmanager)
     * }</pre>
     */
    public Route synchronizeState() {
        return new Route(
                matchers,
                receivers,
                children,
                continueMatching,
                groupBy,
                groupWait,
                groupInterval,
                repeatInterval,
                sendResolved,
                repeatWhileAcknowledged,
                escalation,
                true);
    }

    /** Whether this route synchronises state: see {@link #synchronizeState()}. */
    public boolean synchronizesState() {
        return synchronizesState;
    }

    /** The matchers, all of which must hold. */
    public List<LabelMatcher> matchers() {
        return matchers;
    }

    /** The receivers of this route. */
    public List<Notifier> receivers() {
        return receivers;
    }

    /** The child routes in order. */
    public List<Route> children() {
        return children;
    }

    /** Whether matching continues to the next sibling. */
    public boolean isContinue() {
        return continueMatching;
    }

    /**
     * The settings in force on this route: each one it sets itself, the others as {@code inherited}
     * has them in force on its parent (Alertmanager's inheritance down the routing tree).
     *
     * @param inherited the parent's settings in force, or {@code null} for a root route
     * @throws IllegalStateException when this is a root route that leaves a setting unset
     */
    public RouteSettings settings(@Nullable RouteSettings inherited) {
        if (inherited == null) {
            List<String> missing = new ArrayList<>();
            if (groupBy == null) {
                missing.add("groupBy");
            }
            if (groupWait == null || groupInterval == null || repeatInterval == null) {
                missing.add("timings");
            }
            if (sendResolved == null) {
                missing.add("sendResolved");
            }
            if (repeatWhileAcknowledged == null) {
                missing.add("repeatWhileAcknowledged");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("root route " + this + " must set " + String.join(", ", missing)
                        + ": it has no parent to inherit from");
            }
            return new RouteSettings(
                    groupBy,
                    new Timings(groupWait, groupInterval, repeatInterval),
                    sendResolved,
                    repeatWhileAcknowledged);
        }
        Timings parent = inherited.timings();
        return new RouteSettings(
                groupBy != null ? groupBy : inherited.groupBy(),
                new Timings(
                        groupWait != null ? groupWait : parent.groupWait(),
                        groupInterval != null ? groupInterval : parent.groupInterval(),
                        repeatInterval != null ? repeatInterval : parent.repeatInterval()),
                sendResolved != null ? sendResolved : inherited.sendResolved(),
                repeatWhileAcknowledged != null ? repeatWhileAcknowledged : inherited.repeatWhileAcknowledged());
    }

    /** The escalation steps in order of delay. */
    public List<EscalationStep> escalation() {
        return escalation;
    }

    /** Whether {@code labels} satisfy every matcher. */
    public boolean matches(java.util.Map<String, String> labels) {
        return LabelMatcher.all(matchers, labels);
    }

    /** The matchers in Alertmanager notation, e.g. {@code {severity="critical"}}. */
    @Override
    public String toString() {
        return matchers.stream()
                .map(LabelMatcher::toString)
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
    }
}
