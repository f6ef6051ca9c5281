package dev.vigil.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.metric.MetricId;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class MeterNamesTest {

    @Test
    void validNamesStayAsTheyAre() {
        assertThat(MeterNames.name("http.server.requests")).isEqualTo("http.server.requests");
        assertThat(MeterNames.name("jvm.gc.live_data.size2")).isEqualTo("jvm.gc.live_data.size2");
    }

    @Test
    void camelCaseBecomesSnakeCase() {
        assertThat(MeterNames.name("myApp.requestCount")).isEqualTo("my_app.request_count");
        assertThat(MeterNames.name("HTTPServer.Requests")).isEqualTo("http_server.requests");
        assertThat(MeterNames.name("cache2Hits")).isEqualTo("cache2_hits");
    }

    @Test
    void otherCharactersBecomeUnderscoresAndEmptySegmentsGo() {
        assertThat(MeterNames.name("cache-gets/hit rate")).isEqualTo("cache_gets_hit_rate");
        assertThat(MeterNames.name(".a..b.")).isEqualTo("a.b");
        assertThat(MeterNames.name("2xx.count")).isEqualTo("m2xx.count");
        assertThat(MeterNames.name("")).isEqualTo("m");
    }

    @Test
    void tagKeysKeepTheirCaseAndLoseInvalidCharacters() {
        assertThat(MeterNames.tagKey("exception")).isEqualTo("exception");
        assertThat(MeterNames.tagKey("Method")).isEqualTo("Method");
        assertThat(MeterNames.tagKey("http method")).isEqualTo("http_method");
        assertThat(MeterNames.tagKey("1st")).isEqualTo("_1st");
        assertThat(MeterNames.tagKey("-x")).isEqualTo("_-x");
    }

    @Test
    void tagsAreCutToLeaveRoomForPhi() {
        Tags many = Tags.empty();
        for (int i = 0; i < 40; i++) {
            many = many.and("k" + (100 + i), "v");
        }
        Meter.Id id = new Meter.Id("x", many, null, null, Meter.Type.GAUGE);

        Map<String, String> tags = MeterNames.tags(id);

        assertThat(tags).hasSize(MetricId.MAX_TAGS - 1).containsKey("k100").doesNotContainKey("k139");
        assertThat(MetricId.of("x", tags).withTag("phi", "0.5").tagCount()).isEqualTo(MetricId.MAX_TAGS);
    }

    @Property
    void anyNameBecomesAValidIdWithRoomForSuffixes(@ForAll @StringLength(max = 300) String raw) {
        String name = MeterNames.name(raw);
        assertThat(MetricId.isValidName(name + MeterNames.LONGEST_SUFFIX))
                .as("'%s' from '%s'", name, raw)
                .isTrue();
    }

    @Property
    void anyTagKeyIsAccepted(@ForAll @StringLength(max = 200) String raw) {
        MetricId id = MetricId.of("x", MeterNames.tagKey(raw), "v");
        assertThat(id.tagCount()).isEqualTo(1);
    }
}
