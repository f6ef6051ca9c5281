package dev.vigil.alerts.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.ValueFormat;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuleBuilderTest {

    @Test
    void classifiesCriticalBeforeWarning() {
        Rule r = Rule.threshold("disk")
                .metric("disk.free.ratio")
                .warnBelow(0.2)
                .critBelow(0.1)
                .build();
        assertThat(r.classify(0.5)).isNull();
        assertThat(r.classify(0.15)).isEqualTo(Severity.WARNING);
        assertThat(r.classify(0.05)).isEqualTo(Severity.CRITICAL);
        assertThat(r.classify(Double.NaN)).isNull();
    }

    @Test
    void acceptsNagiosRangeStringsForBothLevels() {
        Rule r = Rule.threshold("temp")
                .metric("sensor.temp")
                .warn("10:20")
                .crit("@5:30")
                .build();
        assertThat(r.warning()).isEqualTo(new NagiosRange(10, 20, false));
        assertThat(r.critical()).isEqualTo(new NagiosRange(5, 30, true));
        assertThat(r.classify(15)).isEqualTo(Severity.CRITICAL);
        assertThat(r.classify(35)).isEqualTo(Severity.WARNING);
        assertThat(r.classify(2)).isEqualTo(Severity.WARNING);
    }

    @Test
    void badRangeStringsFailAtBuildTimeNamingTheString() {
        assertThatThrownBy(() -> Rule.threshold("temp").metric("sensor.temp").warn("20:10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'20:10'");
    }

    @Test
    void insideAndOutsideConditions() {
        Rule r = Rule.threshold("band")
                .metric("x")
                .warnOutside(1, 2)
                .critInside(10, 20)
                .build();
        assertThat(r.classify(1.5)).isNull();
        assertThat(r.classify(3)).isEqualTo(Severity.WARNING);
        assertThat(r.classify(10)).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void selectsByNameAndEveryMatcher() {
        Rule r = Rule.threshold("disk")
                .metric("disk.usage")
                .where("fs", "ext4")
                .whereNot("mount", "/boot")
                .whereMatches("device", "sd[a-z]")
                .warnAbove(0.9)
                .build();
        assertThat(r.selects(MetricId.of("disk.usage", "fs", "ext4", "mount", "/", "device", "sda")))
                .isTrue();
        assertThat(r.selects(MetricId.of("disk.usage", "fs", "ext4", "mount", "/boot", "device", "sda")))
                .isFalse();
        assertThat(r.selects(MetricId.of("disk.usage", "fs", "xfs", "mount", "/", "device", "sda")))
                .isFalse();
        assertThat(r.selects(MetricId.of("disk.usage", "fs", "ext4", "mount", "/", "device", "nvme0")))
                .isFalse();
        assertThat(r.selects(MetricId.of("disk.free", "fs", "ext4", "mount", "/", "device", "sda")))
                .isFalse();
    }

    @Test
    void validationMessagesNameTheFieldAndTheValue() {
        assertThatThrownBy(() -> Rule.threshold("bad name!")).hasMessageContaining("'bad name!'");
        assertThatThrownBy(() -> Rule.threshold("r").metric("Disk Free")).hasMessageContaining("'Disk Free'");
        assertThatThrownBy(() -> Rule.threshold("r").metric("x").build()).hasMessageContaining("no condition");
        assertThatThrownBy(() -> Rule.threshold("r").warnAbove(1).build()).hasMessageContaining("no metric");
        assertThatThrownBy(() -> Rule.threshold("r").warnAbove(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Rule.threshold("r").forDuration(Duration.ofSeconds(-1)))
                .hasMessageContaining("for of rule 'r'")
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> Rule.threshold("r").timesWithin(4, 3)).hasMessageContaining("4 within 3");
        assertThatThrownBy(() -> Rule.threshold("r").forEvaluations(0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> Rule.threshold("r").whereMatches("mount", "(["))
                .hasMessageContaining("mount=~\"([\"");
        assertThatThrownBy(() -> Rule.threshold("r").label("severity", "x")).hasMessageContaining("'severity'");
        assertThatThrownBy(() -> Rule.threshold("r").percentile(1.5, Duration.ofMinutes(1)))
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> Rule.threshold("r").predict(Duration.ZERO, Duration.ofHours(1)))
                .hasMessageContaining("predict window");
        assertThatThrownBy(() -> new FlapDetection(30, 20)).hasMessageContaining("30.0");
    }

    @Test
    void toBuilderDerivesAVariant() {
        Rule base = Rule.threshold("cpu")
                .metric("system.cpu.usage")
                .warnAbove(0.8)
                .label("team", "ops")
                .forDuration(Duration.ofMinutes(5))
                .build();
        Rule strict = base.toBuilder().critAbove(0.9).build();
        assertThat(strict.labels()).containsEntry("team", "ops");
        assertThat(strict.forDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(strict.critical()).isEqualTo(new Condition.Above(0.9));
        assertThat(base.critical()).isNull();
    }

    @Test
    void formatsValuesForHumansByUnit() {
        assertThat(ValueFormat.format(0.9234, dev.vigil.core.metric.Unit.RATIO)).isEqualTo("92.3%");
        assertThat(ValueFormat.format(5.5 * (1L << 30), dev.vigil.core.metric.Unit.BYTES))
                .isEqualTo("5.5 GiB");
        assertThat(ValueFormat.format(300 * (1L << 20), dev.vigil.core.metric.Unit.BYTES))
                .isEqualTo("300 MiB");
        assertThat(ValueFormat.format(512, dev.vigil.core.metric.Unit.BYTES)).isEqualTo("512 B");
        assertThat(ValueFormat.format(3725, dev.vigil.core.metric.Unit.SECONDS)).isEqualTo("1h 2m 5s");
        assertThat(ValueFormat.format(0.25, dev.vigil.core.metric.Unit.SECONDS)).isEqualTo("250 ms");
        assertThat(ValueFormat.format(90_000, dev.vigil.core.metric.Unit.SECONDS))
                .isEqualTo("1d 1h 0m");
        assertThat(ValueFormat.format(1.23456, dev.vigil.core.metric.Unit.NONE)).isEqualTo("1.235");
        assertThat(ValueFormat.format(2e6, dev.vigil.core.metric.Unit.NONE)).isEqualTo("2000000");
        assertThat(ValueFormat.format(Double.NaN, dev.vigil.core.metric.Unit.RATIO))
                .isEqualTo("no data");
    }

    @Test
    void toStringShowsTheSelectorOnlyWhenTheRuleHasOne() {
        Rule all =
                Rule.threshold("disk-full").metric("disk.usage").warnAbove(0.9).build();
        assertThat(all.toString()).contains("of disk.usage warn").doesNotContain("[]");
        Rule root = Rule.threshold("root-full")
                .metric("disk.usage")
                .where("mount", "/")
                .warnAbove(0.9)
                .build();
        assertThat(root.toString()).contains("of disk.usage[mount=\"/\"] warn");
    }
}
