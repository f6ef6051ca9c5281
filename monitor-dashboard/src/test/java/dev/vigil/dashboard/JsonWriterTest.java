package dev.vigil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void everyFiniteDoubleReadsBackExactly() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextDouble();
                case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(-20, 20));
                default -> random.nextInt(-1_000_000, 1_000_000) / 1000.0;
            };
            if (!Double.isFinite(d)) {
                continue;
            }
            String text = new JsonWriter(32).value(d).toString();
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(d == 0 ? 0.0 : d);
        }
    }

    @Test
    void nonFiniteNumbersAreNullAndIntegralOnesHaveNoFraction() {
        JsonWriter json = new JsonWriter(64)
                .beginArray()
                .value(Double.NaN)
                .value(Double.POSITIVE_INFINITY)
                .value(3.0)
                .value(-2.5)
                .value(1e300)
                .endArray();

        assertThat(json.toString()).isEqualTo("[null,null,3,-2.5,1.0E300]");
    }

    @Test
    void membersAndElementsAreSeparatedAtEveryDepth() {
        JsonWriter json = new JsonWriter(64)
                .beginObject()
                .field("a", 1L)
                .name("b")
                .beginArray()
                .value("x")
                .beginObject()
                .endObject()
                .beginArray()
                .value(true)
                .value(false)
                .endArray()
                .endArray()
                .field("c", Map.of("k", "v"))
                .name("d")
                .nullValue()
                .endObject();

        assertThat(json.toString()).isEqualTo("{\"a\":1,\"b\":[\"x\",{},[true,false]],\"c\":{\"k\":\"v\"},\"d\":null}");
    }

    @Test
    void markupAndControlCharactersAreEscaped() {
        String json = new JsonWriter(64)
                .value("<script>\"a\\b\"\n\u2028&</script>\u0001")
                .toString();

        assertThat(json)
                .isEqualTo("\"\\u003cscript\\u003e\\\"a\\\\b\\\"\\n\\u2028\\u0026\\u003c/script\\u003e\\u0001\"");
    }
}
