package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * The raw tier's regression on its arrays (the path {@code slope} and {@code predict} take on raw
 * samples) gives the very bits the per-point path through {@link Archive} gives on the same samples.
 */
class RawRegressionTest {

    @Property(tries = 300)
    void theRawFastPathFitsTheSameLineToTheBitAsThePerPointPath(
            @ForAll @Size(min = 1, max = 400) List<@IntRange(min = 1, max = 30_000) Integer> gaps,
            @ForAll @Size(min = 400, max = 400) List<@DoubleRange(min = -1e12, max = 1e12) Double> values,
            @ForAll @IntRange(min = 0, max = 399) int from,
            @ForAll @LongRange(min = 0, max = 60_000) long nowAfterLast,
            @ForAll @DoubleRange(min = 0, max = 86_400) double ahead) {
        GorillaChunk.Encoder encoder = new GorillaChunk.Encoder(1);
        long t = 1_767_225_600_000L;
        for (int i = 0; i < gaps.size(); i++) {
            t += gaps.get(i);
            encoder.append(t, values.get(i));
        }
        RawView raw = new RawView();
        raw.decode(new GorillaChunk.Decoder().start(encoder.seal(null)), 0);
        long now = t + nowAfterLast;
        long selection = Archive.selection(Math.min(from, raw.size()), Math.max(0, raw.size() - from));
        int first = Archive.first(selection);
        int end = first + Archive.count(selection);

        assertThat(Double.doubleToRawLongBits(WindowStats.predict(raw, selection, now, ahead)))
                .isEqualTo(Double.doubleToRawLongBits(WindowStats.perPointRegression(raw, first, end, now, ahead)));
        assertThat(Double.doubleToRawLongBits(WindowStats.slope(raw, selection, now)))
                .isEqualTo(
                        Double.doubleToRawLongBits(WindowStats.perPointRegression(raw, first, end, now, Double.NaN)));
    }
}
