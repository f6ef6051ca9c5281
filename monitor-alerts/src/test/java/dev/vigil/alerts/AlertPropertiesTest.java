package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.report.ReportCapture;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of values, NaN, missing samples and UNKNOWN ticks against one threshold rule
 * (warning above 0.5, critical above 0.8) with a random {@code for} and {@code keepFiringFor}.
 */
class AlertPropertiesTest {

    static final MetricId CPU = MetricId.of("system.cpu.usage");
    static final double MISSING = -1;
    static final double UNKNOWN = -2;

    @Provide
    Arbitrary<Double> steps() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.doubles().between(0, 1)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Double.NaN)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(MISSING)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(UNKNOWN)));
    }

    /** What one run saw: per tick time, whether the value breached; and every event. */
    record Run(List<Long> times, List<Boolean> breached, List<AlertEvent> events) {}

    static Run run(List<Double> steps, int forTicks, int keepTicks) {
        RecordingListener events = new RecordingListener();
        AlertEngine engine = AlertEngine.builder()
                .synchronousListeners()
                .reports(ReportCapture.none())
                .rule(Rule.threshold("cpu")
                        .metric("system.cpu.usage")
                        .warnAbove(0.5)
                        .critAbove(0.8)
                        .forDuration(TickFeed.INTERVAL.multipliedBy(forTicks))
                        .keepFiringFor(TickFeed.INTERVAL.multipliedBy(keepTicks)))
                .listener(events)
                .build();
        TickFeed feed = new TickFeed(engine);
        List<Long> times = new ArrayList<>();
        List<Boolean> breached = new ArrayList<>();
        for (double step : steps) {
            if (step == MISSING) {
                feed.tick();
            } else if (step == UNKNOWN) {
                feed.tickUnknown(CPU);
            } else {
                feed.tick(Map.of(CPU, step), Set.of());
            }
            times.add(feed.now());
            breached.add(step > 0.5); // NaN > 0.5 is false
        }
        return new Run(times, breached, events.events);
    }

    @Property
    void noResolvedWithoutAPriorFiring(
            @ForAll @Size(max = 60) List<@From("steps") Double> steps,
            @ForAll @IntRange(max = 4) int forTicks,
            @ForAll @IntRange(max = 4) int keepTicks) {
        boolean firing = false;
        for (AlertEvent e : run(steps, forTicks, keepTicks).events()) {
            if (e instanceof AlertEvent.Fired) {
                assertThat(firing).as("fired twice without a resolution").isFalse();
                firing = true;
            } else if (e instanceof AlertEvent.Resolved) {
                assertThat(firing).as("resolved without a prior firing").isTrue();
                firing = false;
            } else if (e instanceof AlertEvent.SeverityChanged) {
                assertThat(firing).as("severity changed while not firing").isTrue();
            }
        }
    }

    @Property
    void nanAndMissingSamplesNeverFire(
            @ForAll @Size(max = 40) List<@From("steps") Double> steps, @ForAll @IntRange(max = 4) int forTicks) {
        List<Double> withoutValues = new ArrayList<>();
        for (double s : steps) {
            withoutValues.add(s >= 0 ? Double.NaN : s);
        }
        assertThat(run(withoutValues, forTicks, 0).events())
                .noneMatch(e -> e instanceof AlertEvent.Fired || e instanceof AlertEvent.SeverityChanged);
    }

    @Property
    void aFiredAlertCarriesABreachingValueNeverNaN(
            @ForAll @Size(max = 60) List<@From("steps") Double> steps, @ForAll @IntRange(max = 4) int forTicks) {
        for (AlertEvent e : run(steps, forTicks, 0).events()) {
            if (e instanceof AlertEvent.Fired f) {
                assertThat(f.alert().value()).isGreaterThan(0.5);
            }
        }
    }

    @Property
    void aGapShorterThanKeepFiringForNeverResolves(
            @ForAll @Size(max = 60) List<@From("steps") Double> steps,
            @ForAll @IntRange(max = 4) int forTicks,
            @ForAll @IntRange(min = 1, max = 6) int keepTicks) {
        Run run = run(steps, forTicks, keepTicks);
        long keep = TickFeed.INTERVAL.multipliedBy(keepTicks).toMillis();
        Map<Long, Integer> indexOf = index(run);
        for (AlertEvent e : run.events()) {
            if (e instanceof AlertEvent.Resolved r) {
                int i = indexOf.get(r.time().toEpochMilli());
                long lastBreach = Long.MIN_VALUE;
                for (int j = i; j >= 0; j--) {
                    if (run.breached().get(j)) {
                        lastBreach = run.times().get(j);
                        break;
                    }
                }
                assertThat(r.time().toEpochMilli() - lastBreach).isGreaterThanOrEqualTo(keep);
            }
        }
    }

    @Property
    void aFiringAlertHasHeldItsConditionForAtLeastFor(
            @ForAll @Size(max = 60) List<@From("steps") Double> steps,
            @ForAll @IntRange(max = 5) int forTicks,
            @ForAll @IntRange(max = 3) int keepTicks) {
        Run run = run(steps, forTicks, keepTicks);
        long forMillis = TickFeed.INTERVAL.multipliedBy(forTicks).toMillis();
        Map<Long, Integer> indexOf = index(run);
        for (AlertEvent e : run.events()) {
            if (e instanceof AlertEvent.Fired f) {
                long fired = f.time().toEpochMilli();
                long since = f.alert().activeSince().toEpochMilli();
                assertThat(fired - since).isGreaterThanOrEqualTo(forMillis);
                for (int j = indexOf.get(since); j <= indexOf.get(fired); j++) {
                    assertThat(run.breached().get(j))
                            .as("condition held at every evaluation since activeSince")
                            .isTrue();
                }
            }
        }
    }

    private static Map<Long, Integer> index(Run run) {
        Map<Long, Integer> m = new HashMap<>();
        for (int i = 0; i < run.times().size(); i++) {
            m.put(run.times().get(i), i);
        }
        return m;
    }

    @Property(tries = 50)
    void aConstantBreachFiresExactlyAfterFor(@ForAll @IntRange(min = 0, max = 10) int forTicks) {
        List<Double> steps = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            steps.add(0.9);
        }
        Run run = run(steps, forTicks, 0);
        assertThat(run.events()).singleElement().isInstanceOf(AlertEvent.Fired.class);
        assertThat(run.events().get(0).time().toEpochMilli())
                .isEqualTo(run.times().get(0) + Duration.ofSeconds(10).toMillis() * forTicks);
    }
}
