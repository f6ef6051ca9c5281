package dev.vigil.alerts.rulefile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every file under {@code rulefiles/malformed} is refused, and its first error names the file,
 * the line and column of the mistake, and what is wrong.
 */
class MalformedRuleFilesTest {

    static final Path DIR = Path.of("src", "test", "resources", "rulefiles", "malformed");
    static final RuleFileLoader LOADER = RuleFileLoader.builder()
            .knownMetrics(List.of("test.gauge", "test.counter"))
            .build();

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource(delimiter = '|', textBlock = """
            01-not-yaml.yml               | 4:1   | not valid YAML
            02-tab-indent.yml             | 2:1   | not valid YAML
            03-empty-top.yml              | 1:1   | unknown field; the fields here are groups, rules, packs, external_labels
            04-mixed-forms.yml            | 1:1   | mixes Prometheus' form (groups) and Vigil's form
            05-group-without-name.yml     | 2:5   | the field 'name' is required
            06-duplicate-group.yml        | 4:11  | the group name is used twice in this file (first at line 2)
            07-recording-rule.yml         | 4:17  | recording rules are not supported
            08-missing-expr.yml           | 4:9   | the field 'expr' is required
            09-bad-for.yml                | 6:14  | '5 minutes' is not a Prometheus duration
            10-unknown-metric.yml         | 5:15  | metric 'node_filesystem_avail_bytes' matches no Vigil series name
            11-aggregation.yml            | 5:15  | PromQL the aggregation 'sum' is not supported; supported: an instant selector
            12-offset.yml                 | 5:44  | PromQL the offset modifier is not supported
            13-vector-vector.yml          | 5:26  | PromQL a comparison between two series is not supported
            14-unknown-function.yml       | 5:15  | PromQL the function 'histogram_quantile' is not supported
            15-no-comparison.yml          | 5:15  | an alerting expression must compare a series with a number
            16-bad-severity.yml           | 7:21  | Vigil's severities are 'warning' and 'critical'
            17-template-pipe.yml          | 7:27  | the template action '{{ $value | humanize }}' is not supported
            18-unknown-rule-field.yml     | 6:9   | unknown field; the fields here are alert, expr, for
            19-unclosed-selector.yml      | 5:34  | ',' or '}' was expected in the selector
            20-subquery.yml               | 5:51  | PromQL the subquery [10m:...] is not supported
            21-absent-regex.yml           | 5:22  | matcher 'job=~"a.*"' must be an equality (=)
            22-quantile-range.yml         | 5:34  | the quantile must be within 0..1, got 1.5
            23-duplicate-key.yml          | 6:9   | the key is given twice in this mapping
            24-multiline-expr.yml         | 7:13  | PromQL the set operator 'and' is not supported
            25-native-bad-condition.yml   | 4:14  | a condition is '> N', '>= N'
            26-native-unknown-pack.yml    | 2:5   | unknown rule pack; the packs are all, host, jvm, process, container, probes
            27-native-bad-policy.yml      | 5:17  | the policies are [alert, keep_last, ok, unknown]
            28-native-no-condition.yml    | 2:5   | has no condition: set a warning or a critical level
            29-native-bad-matcher.yml     | 4:22  | a matcher operator (=, !=, =~, !~) was expected
            30-native-times-within.yml    | 5:19  | timesWithin of rule 'x' needs 1 <= times <= cycles <= 64, got 6 within 5
            31-native-reserved-label.yml  | 6:17  | label 'severity' of rule 'x' is set by the engine
            32-empty.yml                  | 1:1   | the file is empty
            33-native-measure-shape.yml   | 4:20  | rules[0].measure.avg: a single value was expected
            """)
    void isRefusedWithFileLineAndColumn(String file, String location, String fragment) {
        Path path = DIR.resolve(file);
        RuleFileException e = assertThrows(RuleFileException.class, () -> LOADER.load(path));
        RuleFileError first = e.errors().get(0);
        assertEquals(path + ":" + location, first.location(), e.getMessage());
        for (String part : fragment.split(" \\.\\.\\. ", -1)) {
            assertTrue(first.toString().contains(part), "'" + part + "' in: " + first);
        }
        assertTrue(first.toString().startsWith(path + ":" + location + ": "), first.toString());
    }

    @Test
    void everyMalformedFileIsListedAbove() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            assertEquals(33, files.count(), "a new malformed file needs a row in isRefusedWithFileLineAndColumn");
        }
    }
}
