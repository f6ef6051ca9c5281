package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A property that cannot work stops startup with a message naming the property and its value. */
@ExtendWith(OutputCaptureExtension.class)
class BadPropertiesTest {

    @Test
    void anUnknownReceiverTypeFailsStartupNamingThePropertyAndTheValue(CapturedOutput output) {
        Throwable failure =
                start("vigil.notify.receivers.ops.type=teams", "vigil.notify.receivers.ops.url=http://127.0.0.1:1/");

        InvalidVigilPropertyException invalid = find(failure, InvalidVigilPropertyException.class);
        assertThat(invalid.property()).isEqualTo("vigil.notify.receivers.ops.type");
        assertThat(invalid.value()).isEqualTo("teams");
        assertThat(invalid.getMessage()).contains("unknown receiver type").contains("slack, pagerduty, email, webhook");
        FailureAnalysis analysis = new InvalidVigilPropertyFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription())
                .contains("Property: vigil.notify.receivers.ops.type")
                .contains("Value: teams");
        assertThat(output.getAll()).contains("vigil.notify.receivers.ops.type").contains("teams");
    }

    @Test
    void anInvalidDurationFailsStartupNamingThePropertyAndTheValue() {
        Throwable failure = start("vigil.interval=ten seconds");

        assertThat(messages(failure)).contains("vigil.interval").contains("ten seconds");
    }

    @Test
    void aNonPositiveIntervalFailsStartupNamingThePropertyAndTheValue() {
        Throwable failure = start("vigil.interval=0s");

        InvalidVigilPropertyException invalid = find(failure, InvalidVigilPropertyException.class);
        assertThat(invalid.property()).isEqualTo("vigil.interval");
        assertThat(invalid.value()).isEqualTo("PT0S");
    }

    @Test
    void aMalformedUrlFailsStartupNamingThePropertyAndTheValue() {
        Throwable failure = start("vigil.notify.alertmanager.url=localhost:9093");

        InvalidVigilPropertyException invalid = find(failure, InvalidVigilPropertyException.class);
        assertThat(invalid.property()).isEqualTo("vigil.notify.alertmanager.url");
        assertThat(invalid.value()).isEqualTo("localhost:9093");
        assertThat(invalid.reason()).contains("http://");
    }

    @Test
    void aMalformedSecretUrlIsNamedButNeverShown(CapturedOutput output) {
        Throwable failure = start("vigil.notify.slack.url=hooks.slack.com/services/T000/B000/XSECRETX");

        InvalidVigilPropertyException invalid = find(failure, InvalidVigilPropertyException.class);
        assertThat(invalid.property()).isEqualTo("vigil.notify.slack.url");
        assertThat(messages(failure)).doesNotContain("XSECRETX");
        assertThat(output.getAll()).contains("vigil.notify.slack.url").doesNotContain("XSECRETX");
    }

    @Test
    void aRouteToAReceiverThatDoesNotExistFailsStartupNamingIt() {
        Throwable failure =
                start("vigil.notify.routes[0].match.severity=critical", "vigil.notify.routes[0].receivers=pager");

        InvalidVigilPropertyException invalid = find(failure, InvalidVigilPropertyException.class);
        assertThat(invalid.property()).isEqualTo("vigil.notify.routes[0].receivers");
        assertThat(invalid.value()).isEqualTo("pager");
    }

    @Test
    void aRuleWithAnInvalidNagiosRangeFailsStartupNamingIt() {
        Throwable failure = start(
                "vigil.rules.thresholds.queue.metric=app.queue.depth", "vigil.rules.thresholds.queue.warn=ten:twenty");

        InvalidVigilPropertyException invalid = find(failure, InvalidVigilPropertyException.class);
        assertThat(invalid.property()).isEqualTo("vigil.rules.thresholds.queue.warn");
        assertThat(invalid.value()).isEqualTo("ten:twenty");
    }

    @Test
    void aMalformedRuleFileFailsStartupNamingThePropertyTheFileTheLineAndTheColumn(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.yml");
        Files.writeString(good, "rules:\n  - {name: fine, metric: app.queue.depth, critical: '> 1'}\n");
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, """
                rules:
                  - name: queue
                    metric: app.queue.depth
                    critical: "> 100"
                    thresold: 5
                """);

        Throwable failure = start("vigil.rules.files=" + good + "," + bad);

        InvalidVigilPropertyException invalid = find(failure, InvalidVigilPropertyException.class);
        assertThat(invalid.property()).isEqualTo("vigil.rules.files[1]");
        assertThat(invalid.value()).isEqualTo(bad.toString());
        assertThat(invalid.reason()).contains(bad + ":5:5:").contains("thresold");
        FailureAnalysis analysis = new InvalidVigilPropertyFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription())
                .contains("Property: vigil.rules.files[1]")
                .contains(bad + ":5:5:");
    }

    @Test
    void aRuleFileRuleNamedLikeAPropertyRuleFailsStartupNamingTheProperty(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, "rules:\n  - {name: queue, metric: app.queue.depth, critical: '> 1'}\n");

        Throwable failure = start(
                "vigil.rules.thresholds.queue.metric=app.queue.depth",
                "vigil.rules.thresholds.queue.crit-above=100",
                "vigil.rules.files=" + file);

        InvalidVigilPropertyException invalid = find(failure, InvalidVigilPropertyException.class);
        assertThat(invalid.property()).isEqualTo("vigil.rules.files");
        assertThat(invalid.reason()).contains("queue");
    }

    @Test
    void aRuleFileThatIsNotThereFailsStartupNamingTheProperty(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yml");

        Throwable failure = start("vigil.rules.files=" + missing);

        InvalidVigilPropertyException invalid = find(failure, InvalidVigilPropertyException.class);
        assertThat(invalid.property()).isEqualTo("vigil.rules.files[0]");
        assertThat(invalid.reason()).contains(missing.toString());
    }

    @Test
    void aResourceInsideAJarIsRefusedAsARuleFileNamingTheProperty() {
        // Spring Boot's classes live inside its jar: not files that can be watched.
        String location = "classpath:org/springframework/boot/SpringApplication.class";

        Throwable failure = start("vigil.rules.files=" + location);

        InvalidVigilPropertyException invalid = find(failure, InvalidVigilPropertyException.class);
        assertThat(invalid.property()).isEqualTo("vigil.rules.files[0]");
        assertThat(invalid.value()).isEqualTo(location);
        assertThat(invalid.reason()).contains("does not resolve to a file");
    }

    @Test
    void aBadExternalLabelNameFailsStartupNamingThePropertyAndTheValue() {
        Throwable failure = start("vigil.external-labels.data-center=eu-west");

        InvalidVigilPropertyException invalid = find(failure, InvalidVigilPropertyException.class);
        assertThat(invalid.property()).isEqualTo("vigil.external-labels.data-center");
        assertThat(invalid.value()).isEqualTo("eu-west");
        assertThat(invalid.reason())
                .contains("'data-center' is not a valid label name")
                .contains("[a-zA-Z_][a-zA-Z0-9_]*");
    }

    private static Throwable start(String... properties) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run()
                .close());
        assertThat(failure).as("startup should fail").isNotNull();
        return failure;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
    }

    private static String messages(Throwable failure) {
        List<String> out = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            out.add(String.valueOf(t.getMessage()));
        }
        return String.join(" / ", out);
    }
}
