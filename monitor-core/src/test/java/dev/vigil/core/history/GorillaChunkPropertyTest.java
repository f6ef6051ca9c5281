package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Gorilla chunks and the compressed raw tier give back exactly what was appended. */
class GorillaChunkPropertyTest {

    /** Gaps between times: regular ticks, jittered ticks, huge jumps. */
    @Provide
    Arbitrary<Long> gaps() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(10_000L)),
                Tuple.of(4, Arbitraries.longs().between(9_000, 11_000)),
                Tuple.of(2, Arbitraries.longs().between(1, 100)),
                Tuple.of(1, Arbitraries.longs().between(1, Integer.MAX_VALUE * 4L)),
                Tuple.of(1, Arbitraries.longs().between(1, Long.MAX_VALUE / 4_000)));
    }

    /** Values: every double, the special ones often, and the steady or slowly moving ones series have. */
    @Provide
    Arbitrary<Double> values() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.doubles()),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                Double.NaN,
                                Double.POSITIVE_INFINITY,
                                Double.NEGATIVE_INFINITY,
                                -0.0,
                                0.0,
                                Double.MIN_VALUE,
                                -Double.MAX_VALUE,
                                Double.MAX_VALUE,
                                Double.longBitsToDouble(0x7ff0_dead_beef_0001L))),
                Tuple.of(3, Arbitraries.integers().between(0, 8).map(Integer::doubleValue)),
                Tuple.of(2, Arbitraries.longs().map(Double::longBitsToDouble)));
    }

    @Property(tries = 500)
    void aChunkDecodesToExactlyTheTimesAndValueBitsAppended(
            @ForAll long start,
            @ForAll @Size(min = 1, max = 400) List<@net.jqwik.api.From("gaps") Long> gaps,
            @ForAll @Size(min = 400, max = 400) List<@net.jqwik.api.From("values") Double> values) {
        long[] times = times(start, gaps);
        GorillaChunk.Encoder encoder = new GorillaChunk.Encoder(1);
        for (int round = 0; round < 2; round++) { // a reset encoder is as good as a new one
            encoder.reset();
            for (int i = 0; i < times.length; i++) {
                encoder.append(times[i], values.get(i));
            }
            long[] chunk = encoder.seal(null);
            assertThat(GorillaChunk.count(chunk)).isEqualTo(times.length);
            assertThat(GorillaChunk.firstTime(chunk)).isEqualTo(times[0]);
            assertThat(GorillaChunk.lastTime(chunk)).isEqualTo(times[times.length - 1]);
            GorillaChunk.Decoder d = new GorillaChunk.Decoder().start(chunk);
            for (int i = 0; i < times.length; i++) {
                assertThat(d.hasNext()).isTrue();
                d.next();
                assertThat(d.time()).as("time %d", i).isEqualTo(times[i]);
                assertThat(Double.doubleToRawLongBits(d.value()))
                        .as("value %d", i)
                        .isEqualTo(Double.doubleToRawLongBits(values.get(i)));
            }
            assertThat(d.hasNext()).isFalse();
        }
    }

    @Property(tries = 200)
    void theRawTierShowsTheLatestCapacitySamplesAsAnUncompressedRingWould(
            @ForAll @IntRange(min = 2, max = 700) int capacity,
            @ForAll @Size(min = 1, max = 1500) List<@net.jqwik.api.From("gaps") Long> gaps,
            @ForAll @IntRange(min = 0, max = 1499) int fromIndex) {
        long[] times = times(1_767_225_600_000L, gaps);
        RawRing ring = new RawRing(capacity);
        for (int i = 0; i < times.length; i++) {
            ring.append(times[i], i % 7 == 0 ? Double.NaN : i * 0.25);
        }
        int visible = Math.min(times.length, capacity);
        assertThat(ring.size()).isEqualTo(visible);
        long from = times[Math.min(fromIndex, times.length - 1)] - 1;
        RawView view = ring.view(from);
        long selection = view.select(from, Long.MAX_VALUE);
        List<Long> expected = new ArrayList<>();
        for (int i = times.length - visible; i < times.length; i++) {
            if (times[i] > from) {
                expected.add(times[i]);
            }
        }
        List<Long> actual = new ArrayList<>();
        for (int i = Archive.first(selection); i < Archive.first(selection) + Archive.count(selection); i++) {
            actual.add(view.timeAt(i));
            int original = java.util.Arrays.binarySearch(times, view.timeAt(i));
            assertThat(Double.doubleToRawLongBits(view.valueAt(i)))
                    .isEqualTo(Double.doubleToRawLongBits(original % 7 == 0 ? Double.NaN : original * 0.25));
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static long[] times(long start, List<Long> gaps) {
        long[] times = new long[gaps.size()];
        long t = start;
        int n = 0;
        for (long gap : gaps) {
            if (t > Long.MAX_VALUE - gap) {
                break; // times must increase
            }
            t += gap;
            times[n++] = t;
        }
        if (n == 0) {
            return new long[] {start};
        }
        return java.util.Arrays.copyOf(times, n);
    }
}
