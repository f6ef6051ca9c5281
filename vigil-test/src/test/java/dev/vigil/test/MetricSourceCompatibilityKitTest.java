package dev.vigil.test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The kit's checks fail for sources that break the contract, and pass for one that keeps it. */
class MetricSourceCompatibilityKitTest {

    static final MetricId DEPTH = MetricId.of("app.queue.depth");

    /** The kit over {@code source}, run by hand so that its failures can be asserted. */
    // private: JUnit would otherwise run it as a test class of its own
    private static final class KitOver extends MetricSourceCompatibilityKit {
        private final Supplier<MetricSource> source;
        private final Supplier<MetricSource> broken;

        KitOver(Supplier<MetricSource> source) {
            this(source, () -> null);
        }

        KitOver(Supplier<MetricSource> source, Supplier<MetricSource> broken) {
            this.source = source;
            this.broken = broken;
        }

        @Override
        protected MetricSource source() {
            return source.get();
        }

        @Override
        protected MetricSource brokenSource() {
            return broken.get();
        }

        void run(KitCheck check) throws Exception {
            try {
                check.run(this);
            } finally {
                closeSources();
            }
        }
    }

    interface KitCheck {
        void run(MetricSourceCompatibilityKit kit) throws Exception;
    }

    /** A source that declares and describes its one series, and reports it. */
    static class Honest implements MetricSource {
        @Override
        public void sample(SampleSink sink) throws Exception {
            sink.gauge(DEPTH, Unit.NONE, 3);
        }

        @Override
        public Set<MetricId> declaredSeries() {
            return Set.of(DEPTH);
        }

        @Override
        public List<SeriesDescriptor> describe() {
            return List.of(SeriesDescriptor.gauge("app.queue.depth", Unit.NONE, "Messages waiting"));
        }

        @Override
        public boolean mayBlock() {
            return false;
        }
    }

    @Test
    void anHonestSourcePassesEveryCheck() throws Exception {
        KitOver kit = new KitOver(Honest::new, () -> new Honest() {
            @Override
            public void sample(SampleSink sink) throws Exception {
                throw new java.io.IOException("queue unreachable");
            }
        });
        for (KitCheck check : List.<KitCheck>of(
                MetricSourceCompatibilityKit::hasANameAndDescribesItselfWithoutFailing,
                MetricSourceCompatibilityKit::reportsEveryDeclaredSeriesOnEveryCall,
                MetricSourceCompatibilityKit::reportsOnlyDescribedSeriesWithTheirUnitKindAndTags,
                MetricSourceCompatibilityKit::reportsEachSeriesAtMostOnceACall,
                MetricSourceCompatibilityKit::countersNeverGoBackwardsBetweenTwoCalls,
                MetricSourceCompatibilityKit::writesOnlyDuringTheCallAndOnTheCallingThread,
                MetricSourceCompatibilityKit::answersCallsFromDifferentThreadsInTurn,
                MetricSourceCompatibilityKit::keepsItsPromiseNotToBlockWhenItMakesOne,
                MetricSourceCompatibilityKit::answersInTimeInARealMonitor,
                MetricSourceCompatibilityKit::failsWithAnExceptionOrUnknownSeriesNeverAnError,
                MetricSourceCompatibilityKit::leavesItsDeclaredSeriesUnknownWhenBroken)) {
            assertThatCode(() -> kit.run(check)).doesNotThrowAnyException();
        }
    }

    @Test
    void aDeclaredSeriesLeftOutOfACallFails() {
        KitOver kit = new KitOver(() -> new Honest() {
            @Override
            public void sample(SampleSink sink) {
                // reads nothing and says nothing: a silent gap
            }
        });

        assertThatThrownBy(() -> kit.run(MetricSourceCompatibilityKit::reportsEveryDeclaredSeriesOnEveryCall))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("app.queue.depth");
    }

    @Test
    void aSeriesWithAnotherUnitThanDescribedFails() {
        KitOver kit = new KitOver(() -> new Honest() {
            @Override
            public void sample(SampleSink sink) {
                sink.gauge(DEPTH, Unit.BYTES, 3);
            }
        });

        assertThatThrownBy(
                        () -> kit.run(MetricSourceCompatibilityKit::reportsOnlyDescribedSeriesWithTheirUnitKindAndTags))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("unit of app.queue.depth");
    }

    @Test
    void aSeriesReportedTwiceInOneCallFails() {
        KitOver kit = new KitOver(() -> new Honest() {
            @Override
            public void sample(SampleSink sink) {
                sink.gauge(DEPTH, Unit.NONE, 3);
                sink.unknown(DEPTH, Unit.NONE);
            }
        });

        assertThatThrownBy(() -> kit.run(MetricSourceCompatibilityKit::reportsEachSeriesAtMostOnceACall))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aCounterThatGoesBackwardsFails() {
        AtomicInteger calls = new AtomicInteger();
        KitOver kit = new KitOver(
                () -> sink -> sink.counter(MetricId.of("app.sent"), Unit.PER_SECOND, 100 - calls.incrementAndGet()));

        assertThatThrownBy(() -> kit.run(MetricSourceCompatibilityKit::countersNeverGoBackwardsBetweenTwoCalls))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("app.sent");
    }

    @Test
    void writingFromAThreadOfItsOwnFails() {
        KitOver kit = new KitOver(() -> new Honest() {
            @Override
            public void sample(SampleSink sink) throws InterruptedException {
                Thread own = new Thread(() -> sink.gauge(DEPTH, Unit.NONE, 3));
                own.start();
                own.join();
            }
        });

        assertThatThrownBy(() -> kit.run(MetricSourceCompatibilityKit::writesOnlyDuringTheCallAndOnTheCallingThread))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("threads other than the caller");
    }

    @Test
    void writingAfterTheCallReturnedFails() {
        KitOver kit = new KitOver(() -> new Honest() {
            private SampleSink previous;

            @Override
            public void sample(SampleSink sink) {
                if (previous != null) {
                    previous.gauge(DEPTH, Unit.NONE, 1); // the last call's sink, no longer valid
                }
                sink.gauge(DEPTH, Unit.NONE, 3);
                previous = sink;
            }
        });

        assertThatThrownBy(() -> kit.run(MetricSourceCompatibilityKit::writesOnlyDuringTheCallAndOnTheCallingThread))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("after its call returned");
    }

    @Test
    void aSourceThatPromisesNotToBlockAndWaitsFails() {
        KitOver kit = new KitOver(() -> new Honest() {
            @Override
            public void sample(SampleSink sink) throws InterruptedException {
                new CountDownLatch(1).await(50, TimeUnit.MILLISECONDS); // a lock of the application
                sink.gauge(DEPTH, Unit.NONE, 3);
            }
        });

        assertThatThrownBy(() -> kit.run(MetricSourceCompatibilityKit::keepsItsPromiseNotToBlockWhenItMakesOne))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("promises not to block");
    }

    @Test
    void aFailureThrownAsAnErrorFails() {
        KitOver kit = new KitOver(Honest::new, () -> new Honest() {
            @Override
            public void sample(SampleSink sink) {
                throw new AssertionError("not a failure to read: a crash");
            }
        });

        assertThatThrownBy(() -> kit.run(MetricSourceCompatibilityKit::failsWithAnExceptionOrUnknownSeriesNeverAnError))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("what the broken source threw");
    }

    @Test
    void aBrokenSourceThatReportsNothingInsteadOfUnknownFails() {
        KitOver kit = new KitOver(Honest::new, () -> new Honest() {
            @Override
            public void sample(SampleSink sink) {
                // swallows its failure and reports no series: rules would read a gap
            }
        });

        assertThatThrownBy(() -> kit.run(MetricSourceCompatibilityKit::failsWithAnExceptionOrUnknownSeriesNeverAnError))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("series the broken source reported");
    }

    @Test
    void aCloseThatFailsTheSecondTimeFails() {
        class ClosesOnce extends Honest implements AutoCloseable {
            private boolean closed;

            @Override
            public void close() {
                if (closed) {
                    throw new IllegalStateException("already closed");
                }
                closed = true;
            }
        }
        KitOver kit = new KitOver(ClosesOnce::new);

        assertThatThrownBy(
                        () -> kit.run(MetricSourceCompatibilityKit::closesTwiceAndAnswersACallAfterCloseInBoundedTime))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already closed");
    }
}
