package dev.vigil.notify;

import java.util.List;
import java.util.Objects;

/**
 * The settings in force on a route once inheritance is applied: what the route sets itself, and
 * for the rest what its parent has in force, as in Alertmanager's routing tree. Made by
 * {@link Route#settings(RouteSettings)}.
 *
 * <pre>{@code
 * RouteSettings root = Route.all().groupBy("alertname").timings(Timings.embeddedDefaults())
 *         .sendResolved(true).repeatWhileAcknowledged(false).settings(null);
 * RouteSettings child = Route.where("severity", "critical").repeatInterval(Duration.ofHours(1))
 *         .settings(root);   // group by alertname, waits 5 s, repeats every hour
 * }</pre>
 *
 * @param groupBy the labels that split alerts into groups
 * @param timings group wait, group interval and repeat interval
 * @param sendResolved whether resolved alerts are notified
 * @param repeatWhileAcknowledged whether an acknowledged group is repeated
 */
public record RouteSettings(
        List<String> groupBy, Timings timings, boolean sendResolved, boolean repeatWhileAcknowledged) {

    /** Copies {@code groupBy}. */
    public RouteSettings {
        groupBy = List.copyOf(Objects.requireNonNull(groupBy, "groupBy"));
        Objects.requireNonNull(timings, "timings");
    }
}
