package dev.vigil.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricIdTest {

    @Test
    void tagsAreSortedSoOrderDoesNotChangeIdentity() {
        MetricId a = MetricId.of("disk.free", "mount", "/", "device", "sda1");
        MetricId b = MetricId.of("disk.free", "device", "sda1", "mount", "/");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).isEqualTo("disk.free{device=\"sda1\",mount=\"/\"}");
        assertThat(a.tags()).containsExactly(Map.entry("device", "sda1"), Map.entry("mount", "/"));
        assertThat(a.tag("mount")).isEqualTo("/");
        assertThat(a.tag("absent")).isNull();
    }

    @Test
    void differentTagsMakeDifferentIds() {
        assertThat(MetricId.of("disk.free", "mount", "/"))
                .isNotEqualTo(MetricId.of("disk.free", "mount", "/home"))
                .isNotEqualTo(MetricId.of("disk.free"));
    }

    @Test
    void badNamesAreRefusedWithTheNameInTheMessage() {
        assertThatThrownBy(() -> MetricId.of("Disk Free"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Disk Free'");
        assertThatThrownBy(() -> MetricId.of("disk..free")).hasMessageContaining("'disk..free'");
        assertThatThrownBy(() -> MetricId.of("")).hasMessageContaining("''");
        assertThatThrownBy(() -> MetricId.of(null)).hasMessageContaining("null");
        assertThatThrownBy(() -> MetricId.of("a".repeat(201))).hasMessageContaining("201 characters");
    }

    @Test
    void badTagsAreRefusedNamingTheTag() {
        assertThatThrownBy(() -> MetricId.of("disk.free", "mount")).hasMessageContaining("odd count");
        assertThatThrownBy(() -> MetricId.of("disk.free", "1mount", "/")).hasMessageContaining("'1mount'");
        assertThatThrownBy(() -> MetricId.of("disk.free", "mount", null))
                .hasMessageContaining("'mount'")
                .hasMessageContaining("null");
        assertThatThrownBy(() -> MetricId.of("disk.free", "mount", "/", "mount", "/x"))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> MetricId.of("disk.free", "mount", "x".repeat(1025)))
                .hasMessageContaining("1025 characters");
    }

    @Test
    void withTagReplacesOrAddsATag() {
        MetricId id = MetricId.of("a.b", "x", "1");
        assertThat(id.withTag("x", "2")).isEqualTo(MetricId.of("a.b", "x", "2"));
        assertThat(id.withTag("y", "3").tagCount()).isEqualTo(2);
        assertThat(id.tagKey(0)).isEqualTo("x");
        assertThat(id.tagValue(0)).isEqualTo("1");
    }

    @Test
    void idsOrderByNameThenTags() {
        assertThat(MetricId.of("a").compareTo(MetricId.of("b"))).isNegative();
        assertThat(MetricId.of("a", "k", "1").compareTo(MetricId.of("a", "k", "2")))
                .isNegative();
        assertThat(MetricId.of("a").compareTo(MetricId.of("a", "k", "1"))).isNegative();
    }
}
