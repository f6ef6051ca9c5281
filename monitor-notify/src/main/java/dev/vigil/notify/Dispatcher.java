package dev.vigil.notify;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEvent;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.core.time.Clock;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Alertmanager's dispatcher: routes each alert to its groups, and flushes a group after its
 * group wait, then at group-interval ticks, sending only what changed or is due to repeat.
 * Every method runs under this object's lock; sending means queueing, which never blocks.
 */
final class Dispatcher {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Dispatcher.class);

    /** A route with its inherited settings resolved and its receivers bound to workers. */
    record Node(
            String key,
            Route route,
            List<ReceiverWorker> receivers,
            RouteSettings settings,
            List<Step> steps,
            List<Node> children,
            boolean synchronizesState) {

        List<String> groupBy() {
            return settings.groupBy();
        }

        Timings timings() {
            return settings.timings();
        }

        boolean sendResolved() {
            return settings.sendResolved();
        }

        boolean repeatWhileAcknowledged() {
            return settings.repeatWhileAcknowledged();
        }

        List<Node> match(Map<String, String> labels) {
            if (!route.matches(labels)) {
                return List.of();
            }
            List<Node> found = new ArrayList<>();
            for (Node child : children) {
                List<Node> matched = child.match(labels);
                found.addAll(matched);
                if (!matched.isEmpty() && !child.route.isContinue()) {
                    break;
                }
            }
            if (found.isEmpty()) {
                found.add(this);
            }
            return found;
        }
    }

    record Step(Duration after, List<ReceiverWorker> receivers) {}

    /** One set of receivers of a group with what it was last told. */
    private static final class Slot {
        final List<ReceiverWorker> receivers;
        final Duration delay;
        final Map<String, Severity> notified = new HashMap<>();
        Instant lastSent;

        Slot(List<ReceiverWorker> receivers, Duration delay) {
            this.receivers = receivers;
            this.delay = delay;
        }

        boolean escalation() {
            return !delay.isZero();
        }
    }

    private static final class Group {
        final Node node;
        final String key;
        final Map<String, String> labels;
        final Map<String, Alert> alerts = new LinkedHashMap<>();
        final List<Slot> slots = new ArrayList<>();
        Instant nextFlush;

        Group(Node node, String key, Map<String, String> labels, Instant nextFlush) {
            this.node = node;
            this.key = key;
            this.labels = labels;
            this.nextFlush = nextFlush;
            if (!node.receivers().isEmpty()) {
                slots.add(new Slot(node.receivers(), Duration.ZERO));
            }
            for (Step step : node.steps()) {
                slots.add(new Slot(step.receivers(), step.after()));
            }
        }
    }

    private final Node root;
    private final Clock clock;
    private final Counter unrouted;
    private final FailureReports reports;
    // Firing alerts that reached no receiver (or could not be routed), each counted and logged once.
    private final Set<String> unroutedAlerts = new HashSet<>();
    private static final int MAX_UNROUTED_REMEMBERED = 100_000;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> groupsByFingerprint = new HashMap<>();
    // Per fingerprint, where its flapping start was announced: the stop goes to the same
    // receivers even when its groups have gone meanwhile.
    private final Map<String, List<Announced>> flappingAnnounced = new HashMap<>();
    // State-synchronising routes (Alertmanager) by route key: they bypass groups and mutes.
    private final Map<String, Synced> synced = new LinkedHashMap<>();
    private final boolean synchronizing;
    /** The feeding engine's external labels as a label set, or empty: see {@link Notification#scope()}. */
    private volatile String scope = "";

    private record Synced(Node node, SyncedAlerts alerts) {}

    /** A group's identity and primary receivers, as a flapping announcement went to it. */
    private record Announced(String key, Map<String, String> labels, List<ReceiverWorker> receivers) {}

    Dispatcher(Node root, Clock clock) {
        this(
                root,
                clock,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry().counter("unrouted"),
                new FailureReports(f -> {}));
    }

    Dispatcher(Node root, Clock clock, Counter unrouted, FailureReports reports) {
        this.root = root;
        this.clock = clock;
        this.unrouted = unrouted;
        this.reports = reports;
        this.synchronizing = anySynchronizing(root);
    }

    private static boolean anySynchronizing(Node node) {
        return node.synchronizesState() || node.children().stream().anyMatch(Dispatcher::anySynchronizing);
    }

    /**
     * Applies {@code event} and sends what it made due at once. Returns the earliest timer
     * (epoch millis, as {@link #nextDeadlineMillis}) of the groups it touched, so the caller can
     * wake the flush thread only when the event moved the next deadline forward in time.
     */
    synchronized long accept(AlertEvent event) {
        Alert alert = event.alert();
        Instant now = clock.now();
        try {
            return route(event, alert, now);
        } catch (Throwable e) {
            // One alert that cannot be routed (a label the matchers cannot read, say) is that
            // alert's failure: every other alert and group carries on.
            routingFailed(alert, e, now);
            return Long.MAX_VALUE;
        }
    }

    private long route(AlertEvent event, Alert alert, Instant now) {
        if (!alert.flapping()
                && !(event instanceof AlertEvent.FlappingStopped)
                && !flappingAnnounced.isEmpty()
                && flappingAnnounced.remove(alert.fingerprint()) != null) {
            // It no longer flaps and no FlappingStopped came (it went and came back, say): the
            // episode is over, so the next one is announced again.
            log.debug("alert {} no longer flaps without a FlappingStopped event", safeKey(alert.name()));
        }
        // Routes are matched once per event, and for PENDING snapshots only where some route syncs state.
        List<Node> matched = synchronizing ? root.match(alert.labels()) : null;
        long syncDeadline = synchronizing ? synchronize(alert, matched, now) : Long.MAX_VALUE;
        if (event instanceof AlertEvent.FlappingStarted started) {
            announceFlappingStarted(alert, started.percentStateChange(), now);
        } else if (event instanceof AlertEvent.FlappingStopped stopped) {
            announceFlappingStopped(alert, stopped.percentStateChange(), now);
            if (alert.state() != AlertState.FIRING && alert.state() != AlertState.RESOLVED) {
                // It settled as not firing: a resolution held back while it flapped is now due.
                settleFlapping(alert.fingerprint());
            }
        }
        if (alert.state() != AlertState.FIRING && alert.state() != AlertState.RESOLVED) {
            // PENDING, INACTIVE and UNKNOWN snapshots carry nothing a receiver acts on; a settled
            // flapping copy may have become eligible for an escalation step, though, possibly
            // already (hence no lower bound): nothing flushed it here, the next poll will.
            return Math.min(
                    syncDeadline,
                    nextDeadlineMillis(groupsByFingerprint.getOrDefault(alert.fingerprint(), Set.of()), Instant.MIN));
        }
        boolean firing = alert.state() == AlertState.FIRING;
        Set<String> target = new LinkedHashSet<>();
        boolean reached = false;
        for (Node node : matched != null ? matched : root.match(alert.labels())) {
            if (node.synchronizesState()) {
                reached = true; // synchronised above, whatever its state
                continue;
            }
            if (node.receivers().isEmpty() && node.steps().isEmpty()) {
                continue;
            }
            reached = true;
            Map<String, String> groupLabels = groupLabels(node, alert.labels());
            String key = node.key() + ":" + render(groupLabels);
            Group group = groups.get(key);
            if (group == null) {
                if (!firing) {
                    continue;
                }
                group = new Group(
                        node, key, groupLabels, now.plus(node.timings().groupWait()));
                groups.put(key, group);
            } else if (!firing && !group.alerts.containsKey(alert.fingerprint())) {
                continue;
            }
            group.alerts.put(alert.fingerprint(), alert);
            target.add(key);
        }
        // A severity change can route an alert elsewhere: it leaves the groups it no longer matches.
        // Where it was notified, it stays as resolved so the group's next flush tells the receiver.
        Set<String> member = new LinkedHashSet<>(target);
        for (String key : groupsByFingerprint.getOrDefault(alert.fingerprint(), Set.of())) {
            Group group = groups.get(key);
            if (group == null || target.contains(key)) {
                continue;
            }
            Alert left = group.alerts.get(alert.fingerprint());
            boolean told = group.slots.stream().anyMatch(s -> s.notified.containsKey(alert.fingerprint()));
            if (left != null && told) {
                if (!settledResolved(left)) {
                    boolean resolvedBefore = left.state() == AlertState.RESOLVED && left.resolvedAt() != null;
                    group.alerts.put(alert.fingerprint(), resolvedCopy(left, resolvedBefore ? left.resolvedAt() : now));
                }
                member.add(key);
            } else {
                group.alerts.remove(alert.fingerprint());
                group.slots.forEach(s -> s.notified.remove(alert.fingerprint()));
                if (group.alerts.isEmpty()) {
                    groups.remove(key);
                }
            }
        }
        if (member.isEmpty()) {
            groupsByFingerprint.remove(alert.fingerprint());
            if (!alert.flapping()) {
                flappingAnnounced.remove(alert.fingerprint()); // it went: nothing is left to announce the end to
            }
        } else {
            groupsByFingerprint.put(alert.fingerprint(), member);
        }
        if (firing && !reached) {
            unroutable(alert, "it matches no route with a receiver and there are no default receivers");
        } else if (!firing && !unroutedAlerts.isEmpty()) {
            unroutedAlerts.remove(alert.fingerprint());
        }
        // Only the groups this event touched: a storm of new groups must not rescan them all.
        for (String key : target) {
            Group group = groups.get(key);
            if (group != null) {
                flushGroupIsolated(group, now, false);
            }
        }
        return Math.min(syncDeadline, nextDeadlineMillis(member, now));
    }

    /**
     * Hook (issue 14): puts back what the notification log says {@code receiver} was told at
     * {@code sentAt}: {@code alert} fires in group {@code groupKey}. The group is rebuilt with the
     * alert as notified, so it repeats only after the repeat interval from {@code sentAt}, and a
     * resolution reaches the receiver. Returns false when no route makes that group any more.
     */
    synchronized boolean restore(String groupKey, Alert alert, String receiver, Instant sentAt, Instant now) {
        boolean found = false;
        for (Node node : root.match(alert.labels())) {
            if ((node.receivers().isEmpty() && node.steps().isEmpty()) || node.synchronizesState()) {
                continue;
            }
            Map<String, String> groupLabels = groupLabels(node, alert.labels());
            String key = node.key() + ":" + render(groupLabels);
            if (!key.equals(groupKey)) {
                continue;
            }
            Instant next = sentAt.plus(node.timings().groupInterval());
            Group group =
                    groups.computeIfAbsent(key, k -> new Group(node, k, groupLabels, next.isAfter(now) ? next : now));
            group.alerts.putIfAbsent(alert.fingerprint(), alert);
            groupsByFingerprint
                    .computeIfAbsent(alert.fingerprint(), k -> new LinkedHashSet<>())
                    .add(key);
            for (Slot slot : group.slots) {
                if (slot.receivers.stream().anyMatch(w -> w.name().equals(receiver))) {
                    slot.notified.put(alert.fingerprint(), alert.severity());
                    if (slot.lastSent == null || slot.lastSent.isBefore(sentAt)) {
                        slot.lastSent = sentAt;
                    }
                    found = true;
                }
            }
        }
        return found;
    }

    /**
     * Brings the state-synchronising routes up to date with {@code alert}, which matches the routes
     * {@code matched}; a change makes them due at once, so the flush that follows sends the changes
     * of a whole evaluation in one request. Returns their earliest timer (epoch millis).
     */
    @SuppressWarnings(
            "ReferenceEquality") // identity: a synced target counts as matched only by the node it was made for
    private long synchronize(Alert alert, List<Node> matched, Instant now) {
        for (Node node : matched) {
            if (node.synchronizesState() && !node.receivers().isEmpty()) {
                synced.computeIfAbsent(
                                node.key(),
                                k -> new Synced(
                                        node, new SyncedAlerts(node.timings().groupInterval())))
                        .alerts()
                        .accept(alert, true, now);
            }
        }
        for (Synced target : synced.values()) {
            if (matched.stream().noneMatch(n -> n == target.node())
                    && target.alerts().holdsActive(alert.fingerprint())) {
                // re-routed elsewhere (a severity change): the receiver must not keep it firing
                target.alerts().accept(alert, false, now);
            }
        }
        return nextSyncMillis(now);
    }

    private long nextSyncMillis(Instant now) {
        long next = Long.MAX_VALUE;
        for (Synced target : synced.values()) {
            Instant due = target.alerts().nextFlush(now);
            next = due == null ? next : Math.min(next, ceilMillis(due));
        }
        return next;
    }

    private void sendSynced(Synced target, List<Alert> alerts, Instant now) {
        if (alerts.isEmpty()) {
            return;
        }
        List<Alert> ordered = Stream.concat(
                        alerts.stream().filter(a -> !Notification.isResolved(a)),
                        alerts.stream().filter(Notification::isResolved))
                .toList();
        submit(
                target.node().receivers(),
                Notification.builder("", target.node().key() + ":{}")
                        .alerts(ordered)
                        .time(now)
                        .scope(scope)
                        .build());
    }

    /**
     * Flushes what is due at {@code now} and returns {@link #nextDeadlineMillis(Instant)}, under
     * one hold of the lock so no event slips between the two.
     */
    synchronized long flushDue(Instant now) {
        flush(now, false);
        return nextDeadlineMillis(now);
    }

    /**
     * When a timer of any group next fires, in epoch millis rounded up (a flush at that millisecond
     * finds it due), for a dispatcher last flushed at {@code now}; {@link Long#MAX_VALUE} when no
     * group is pending. Timers are a group's next tick (group wait, group interval, repeat and
     * resolution, Alertmanager resends) and its escalation steps, which fire between ticks.
     */
    synchronized long nextDeadlineMillis(Instant now) {
        return Math.min(nextDeadlineMillis(groups.keySet(), now), nextSyncMillis(now));
    }

    private long nextDeadlineMillis(Iterable<String> keys, Instant now) {
        long next = Long.MAX_VALUE;
        for (String key : keys) {
            Group group = groups.get(key);
            if (group != null) {
                next = Math.min(next, ceilMillis(group.nextFlush));
                next = Math.min(next, nextEscalationMillis(group, now));
            }
        }
        return next;
    }

    /**
     * The earliest time a firing alert becomes eligible for an escalation step it has not been
     * sent to. Only times after {@code now} count: what was eligible at {@code now} was sent by
     * the flush at {@code now}, and what is not eligible then for another reason (acknowledged,
     * silenced) changes only with an event, which recomputes this.
     */
    private static long nextEscalationMillis(Group group, Instant now) {
        long next = Long.MAX_VALUE;
        for (Slot slot : group.slots) {
            if (!slot.escalation()) {
                continue;
            }
            for (Alert a : group.alerts.values()) {
                if (a.state() != AlertState.FIRING
                        || a.firingSince() == null
                        || a.acknowledged()
                        || a.silenced()
                        || a.inhibited()
                        || a.flapping()
                        || slot.notified.get(a.fingerprint()) == a.severity()) {
                    continue;
                }
                Instant due = a.firingSince().plus(slot.delay);
                if (due.isAfter(now)) {
                    next = Math.min(next, ceilMillis(due));
                }
            }
        }
        return next;
    }

    @SuppressWarnings("JavaInstantGetSecondsGetNano") // only the part below a millisecond matters, whatever the seconds
    private static long ceilMillis(Instant t) {
        try {
            long millis = t.toEpochMilli();
            return t.getNano() % 1_000_000 == 0 ? millis : millis + 1;
        } catch (ArithmeticException beyondMillis) {
            return Long.MAX_VALUE;
        }
    }

    /** The instance the alerts come from: the engine's external labels (empty: none). */
    void scope(Map<String, String> externalLabels) {
        scope = externalLabels.isEmpty() ? "" : render(externalLabels);
    }

    /** Flushes the groups that are due at {@code now}; with {@code force}, every group (close). */
    synchronized void flush(Instant now, boolean force) {
        for (Group group : List.copyOf(groups.values())) {
            flushGroupIsolated(group, now, force);
        }
        for (Synced target : synced.values()) {
            sendSynced(target, target.alerts().flush(now, force), now);
        }
    }

    /** Flushes one group; a group that cannot be rendered fails alone, reported to its receivers. */
    private void flushGroupIsolated(Group group, Instant now, boolean force) {
        try {
            flushGroup(group, now, force);
        } catch (Throwable e) {
            group.nextFlush = now.plus(group.node.timings().groupInterval());
            String reason = "group could not be rendered: " + e.getClass().getName();
            log.warn("notification group {} not sent: {}", safeKey(group.key), reason);
            if (group.alerts.isEmpty()) {
                return;
            }
            Notification standIn = standIn(group.key, List.copyOf(group.alerts.values()), now);
            for (Slot slot : group.slots) {
                for (ReceiverWorker worker : slot.receivers) {
                    worker.failedBeforeQueueing(standIn, reason);
                }
            }
        }
    }

    /** A firing alert that reached no receiver: counted and logged once while it fires. */
    private void unroutable(Alert alert, String why) {
        if (unroutedAlerts.size() >= MAX_UNROUTED_REMEMBERED) {
            unroutedAlerts.clear(); // alerts that went without resolving: at worst one is logged again
        }
        if (unroutedAlerts.add(alert.fingerprint())) {
            unrouted.increment();
            log.warn("alert {} reached no receiver: {}", safeKey(alert.name()), why);
        }
    }

    private void routingFailed(Alert alert, Throwable e, Instant now) {
        String reason = "alert could not be routed: " + e.getClass().getName();
        if (alert.state() != AlertState.FIRING) {
            unroutedAlerts.remove(alert.fingerprint());
            return;
        }
        if (!unroutedAlerts.contains(alert.fingerprint())) {
            unroutable(alert, reason);
            reports.deferred(new DeliveryFailure(
                    "(unrouted)",
                    standIn("(unrouted)", List.of(alert), now),
                    DeliveryFailure.Kind.PERMANENT,
                    reason,
                    0));
        }
    }

    /**
     * What the failure callback is given for alerts that reached no receiver: a notification to
     * no one ({@code (none)}) about them; the failure's reason says why.
     */
    private static Notification standIn(String key, List<Alert> alerts, Instant now) {
        return Notification.builder("(none)", key).alerts(alerts).time(now).build();
    }

    /** {@code s} fit for one log line, whatever its labels hold. */
    static String safeKey(String s) {
        return Rendering.oneLine(s.length() > 1000 ? s.substring(0, 1000) + "…" : s);
    }

    private void flushGroup(Group group, Instant now, boolean force) {
        if (force || !now.isBefore(group.nextFlush)) {
            Duration interval = group.node.timings().groupInterval();
            // The tick as planned, not as the flush thread got to it: repeats count in whole ticks
            // however late each flush ran (a tick missed by more than an interval starts anew).
            Instant tick = force || !now.isBefore(group.nextFlush.plus(interval)) ? now : group.nextFlush;
            for (Slot slot : group.slots) {
                flushSlot(group, slot, now, tick, false);
            }
            group.nextFlush = tick.plus(interval);
            if (!group.nextFlush.isAfter(now)) {
                group.nextFlush = now.plus(interval);
            }
            List<String> done = new ArrayList<>();
            for (Alert a : group.alerts.values()) {
                if (settledResolved(a)) {
                    done.add(a.fingerprint());
                }
            }
            for (String fp : done) {
                group.alerts.remove(fp);
                Set<String> keys = groupsByFingerprint.get(fp);
                if (keys != null) {
                    keys.remove(group.key);
                    if (keys.isEmpty()) {
                        groupsByFingerprint.remove(fp);
                        flappingAnnounced.remove(fp); // it went (settled as resolved, no longer flapping)
                    }
                }
            }
            if (group.alerts.isEmpty()) {
                groups.remove(group.key);
            }
        } else {
            // Between ticks only escalation steps may fire, so a page is not late by a group interval.
            for (Slot slot : group.slots) {
                if (slot.escalation()) {
                    flushSlot(group, slot, now, now, true);
                }
            }
        }
    }

    /**
     * Sends what {@code slot}'s receivers are owed at {@code now}, the flush of the group tick
     * planned for {@code tick}. A repeat goes out at the first tick strictly after the repeat
     * interval has passed since the last send (counted from that send's tick), as Alertmanager's
     * does: with a 5 min group interval and a 4 h repeat interval, 4 h 05 min after (REFERENCE.md,
     * alertmanager#676).
     */
    private void flushSlot(Group group, Slot slot, Instant now, Instant tick, boolean onlyNew) {
        Node node = group.node;
        // One loop, no streams: this runs on the way of every page, too rarely to be compiled.
        List<Alert> firing = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        boolean changed = false;
        boolean repeatWanted = false;
        for (Alert a : group.alerts.values()) {
            if (a.state() == AlertState.FIRING && eligible(slot, a, now)) {
                firing.add(a);
                changed |= slot.notified.get(a.fingerprint()) != a.severity();
                repeatWanted |= !a.acknowledged() || node.repeatWhileAcknowledged();
            } else if (settledResolved(a) && slot.notified.containsKey(a.fingerprint())) {
                resolved.add(a);
            }
        }
        boolean repeatDue = repeatWanted
                && slot.lastSent != null
                && tick.isAfter(slot.lastSent.plus(node.timings().repeatInterval()));
        boolean resolvedDue = node.sendResolved() && !resolved.isEmpty();
        if (onlyNew ? changed : changed || repeatDue || resolvedDue) {
            List<Alert> alerts = firing;
            if (resolvedDue) {
                alerts = new ArrayList<>(firing.size() + resolved.size());
                alerts.addAll(firing);
                alerts.addAll(resolved);
            }
            if (!alerts.isEmpty()) {
                send(group, slot, alerts, now);
                slot.lastSent = tick;
            }
        }
        if (!onlyNew) {
            for (Alert a : resolved) {
                slot.notified.remove(a.fingerprint());
            }
            slot.notified
                    .keySet()
                    .removeIf(fp -> !group.alerts.containsKey(fp) || settledResolved(group.alerts.get(fp)));
        }
        for (Alert a : firing) {
            slot.notified.put(a.fingerprint(), a.severity());
        }
    }

    private static boolean eligible(Slot slot, Alert alert, Instant now) {
        if (alert.silenced() || alert.inhibited() || alert.flapping()) {
            return false;
        }
        if (!slot.escalation()) {
            return true;
        }
        Instant since = alert.firingSince() != null ? alert.firingSince() : now;
        return !alert.acknowledged() && !now.isBefore(since.plus(slot.delay));
    }

    /**
     * A resolution that may be sent: while an alert flaps its resolution is held back (and the
     * alert kept in its groups), so the receivers that were told it fires hear when it settles.
     */
    private static boolean settledResolved(Alert alert) {
        return alert.state() == AlertState.RESOLVED && !alert.flapping();
    }

    /**
     * Nagios' flapping notifications: while an alert flaps its problem notifications are held
     * back, so the primary receivers are told once when it starts and once when it stops. The
     * announcements are marked as such so receivers that keep incidents leave them alone.
     */
    private void announceFlappingStarted(Alert alert, double percent, Instant now) {
        if (alert.silenced() || alert.inhibited() || flappingAnnounced.containsKey(alert.fingerprint())) {
            return;
        }
        List<Announced> where = new ArrayList<>();
        for (Node node : root.match(alert.labels())) {
            if (!node.receivers().isEmpty() && !node.synchronizesState()) {
                Map<String, String> labels = groupLabels(node, alert.labels());
                where.add(new Announced(node.key() + ":" + render(labels), labels, node.receivers()));
            }
        }
        if (where.isEmpty()) {
            return;
        }
        flappingAnnounced.put(alert.fingerprint(), where);
        announce(where, alert, Notification.Kind.FLAPPING_STARTED, percent, now);
    }

    private void announceFlappingStopped(Alert alert, double percent, Instant now) {
        List<Announced> where = flappingAnnounced.remove(alert.fingerprint());
        if (where != null) {
            announce(where, alert, Notification.Kind.FLAPPING_STOPPED, percent, now);
        }
    }

    private void announce(List<Announced> where, Alert alert, Notification.Kind kind, double percent, Instant now) {
        for (Announced a : where) {
            submit(
                    a.receivers(),
                    Notification.builder("", a.key())
                            .groupLabels(a.labels())
                            .alerts(List.of(alert))
                            .time(now)
                            .kind(kind)
                            .stateChangePercent(percent)
                            .scope(scope)
                            .build());
        }
    }

    /** The alert no longer flaps: its copies in its groups are released to notify normally. */
    private void settleFlapping(String fingerprint) {
        for (String key : groupsByFingerprint.getOrDefault(fingerprint, Set.of())) {
            Group group = groups.get(key);
            Alert copy = group == null ? null : group.alerts.get(fingerprint);
            if (copy != null && copy.flapping()) {
                group.alerts.put(fingerprint, withState(copy, copy.state(), copy.resolvedAt()));
            }
        }
    }

    private void send(Group group, Slot slot, List<Alert> alerts, Instant now) {
        submit(
                slot.receivers,
                Notification.builder("", group.key)
                        .groupLabels(group.labels)
                        .alerts(alerts)
                        .time(now)
                        .scope(scope)
                        .build());
    }

    /** Hands {@code prototype} to each receiver as its own copy; the renderings are shared. */
    private static void submit(List<ReceiverWorker> receivers, Notification prototype) {
        for (ReceiverWorker worker : receivers) {
            worker.submit(prototype.forReceiver(worker.name()));
        }
    }

    /** {@code alert} as it ends in a group it left: resolved at {@code at}, its labels unchanged. */
    static Alert resolvedCopy(Alert alert, Instant at) {
        return withState(alert, AlertState.RESOLVED, at);
    }

    /** A copy of {@code alert} in {@code state}, no longer flapping. */
    private static Alert withState(Alert alert, AlertState state, Instant resolvedAt) {
        return alert.toBuilder()
                .state(state)
                .resolvedAt(resolvedAt)
                .flapping(false)
                .build();
    }

    private static Map<String, String> groupLabels(Node node, Map<String, String> labels) {
        if (node.groupBy().contains(Route.ALL_LABELS)) {
            return new TreeMap<>(labels);
        }
        Map<String, String> selected = new TreeMap<>();
        for (String name : node.groupBy()) {
            String value = labels.get(name);
            if (value != null) {
                selected.put(name, value);
            }
        }
        return selected;
    }

    /** As Alertmanager writes a group's labels in its group key. */
    private static String render(Map<String, String> labels) {
        return AlertmanagerIdentity.labelSet(labels);
    }
}
