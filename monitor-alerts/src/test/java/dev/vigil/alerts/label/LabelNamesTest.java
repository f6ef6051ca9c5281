package dev.vigil.alerts.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.rule.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelNamesTest {

    @Test
    void dotsDashesAndOtherCharactersBecomeUnderscores() {
        assertThat(LabelNames.forAlertmanager("client.name")).isEqualTo("client_name");
        assertThat(LabelNames.forAlertmanager("pool-id")).isEqualTo("pool_id");
        assertThat(LabelNames.forAlertmanager("runbook-url")).isEqualTo("runbook_url");
        assertThat(LabelNames.forAlertmanager("zone/é")).isEqualTo("zone__");
        assertThat(LabelNames.forAlertmanager("9lives")).isEqualTo("_9lives");
        assertThat(LabelNames.forAlertmanager("")).isEqualTo("_");
    }

    @Test
    void validNamesAreKept() {
        for (String name : List.of("alertname", "_private", "Upper_2", "a1")) {
            assertThat(LabelNames.isValid(name)).as(name).isTrue();
            assertThat(LabelNames.forAlertmanager(name)).isSameAs(name);
        }
        assertThat(LabelNames.isValid("1a")).isFalse();
        assertThat(LabelNames.isValid("a.b")).isFalse();
    }

    @Test
    void aSetOfValidNamesIsReturnedUnchanged() {
        Map<String, String> labels = Map.of("alertname", "A", "team", "ops.x");
        assertThat(LabelNames.forAlertmanager(labels, (from, to) -> {})).isSameAs(labels);
    }

    @Test
    void namesThatMeetAtRunTimeStayDistinguishableAndTheCollisionIsReported() {
        List<String> collisions = new ArrayList<>();
        Map<String, String> mapped = LabelNames.forAlertmanager(
                Map.of("client_name", "valid", "client.name", "dotted", "client-name", "dashed", "pool-id", "7"),
                (from, to) -> collisions.add(from + "->" + to));

        assertThat(mapped)
                .containsOnly(
                        Map.entry("client_name", "valid"),
                        Map.entry("client_name_2", "dashed"),
                        Map.entry("client_name_3", "dotted"),
                        Map.entry("pool_id", "7"));
        assertThat(collisions).containsExactly("client-name->client_name_2", "client.name->client_name_3");
    }

    @Test
    void aRuleAcceptsOnlyLabelNamesAlertmanagerAccepts() {
        assertThatThrownBy(() -> Rule.threshold("pool")
                        .metric("pool.usage")
                        .warnAbove(0.9)
                        .label("pool-id", "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'pool-id'");
    }

    @Test
    void aRuleWhoseAnnotationsWouldMergeInAlertmanagerFailsAtBuild() {
        assertThatThrownBy(() -> Rule.threshold("pool")
                        .metric("pool.usage")
                        .warnAbove(0.9)
                        .annotation("runbook-url", "http://a")
                        .annotation("runbook.url", "http://b")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rule 'pool' annotations")
                .hasMessageContaining("'runbook-url'");
    }

    @Test
    void aRuleWithMappableButDistinctNamesBuilds() {
        Rule rule = Rule.threshold("pool")
                .metric("pool.usage")
                .warnAbove(0.9)
                .annotation("runbook-url", "http://a")
                .annotation("runbook_title", "Pools")
                .build();
        assertThat(rule.annotations()).containsKeys("runbook-url", "runbook_title");
    }
}
