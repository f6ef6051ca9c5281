package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.notify.Notifications;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The YAML shown in the README and in docs/spring-boot.md starts an application as they say. */
class DocumentedYamlTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theReadmesFiveLinesConfigureTheRuleTheSlackReceiverAndTheEndpoints(@TempDir Path dir) throws IOException {
        String yaml = yamlAfter(Path.of("..", "README.md"), "## Spring Boot");
        assertThat(yaml.lines()).hasSize(5);

        try (ConfigurableApplicationContext context =
                start(dir, yaml, "SLACK_WEBHOOK_URL=https://hooks.example.com/T0/B0/x")) {
            Rule rule = context.getBean(AlertEngine.class).rules().stream()
                    .filter(r -> r.name().equals("orders-backlog"))
                    .findFirst()
                    .orElseThrow();
            assertThat(rule.metric()).isEqualTo("shop.orders.waiting");
            assertThat(rule.forDuration()).hasMinutes(1);
            assertThat(context.getBean(Notifications.class).receivers()).containsExactly("log", "slack");
            assertThat(context.getEnvironment().getProperty("management.endpoints.web.exposure.include"))
                    .isEqualTo("health,vigil");
        }
    }

    @Test
    void theRoutingExampleOfTheDocsConfiguresItsReceivers(@TempDir Path dir) throws IOException {
        String yaml = yamlAfter(Path.of("..", "docs", "spring-boot.md"), "**Routing.**");

        try (ConfigurableApplicationContext context = start(
                dir,
                yaml,
                "PD_ROUTING_KEY=R0UT1NGKEY",
                "SLACK_WEBHOOK_URL=https://hooks.example.com/T0/B0/x",
                "spring.mail.host=127.0.0.1",
                "vigil.notify.receivers.ops-mail.from=alerts@example.com")) {
            assertThat(context.getBean(Notifications.class).receivers())
                    .containsExactlyInAnyOrder("log", "slack", "pagerduty", "ops-mail");
        }
    }

    private static ConfigurableApplicationContext start(Path dir, String yaml, String... properties)
            throws IOException {
        Path file = dir.resolve("application.yml");
        Files.writeString(file, yaml);
        return new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.location=file:" + file)
                .properties(properties)
                .run();
    }

    private static String yamlAfter(Path doc, String heading) throws IOException {
        String text = Files.readString(doc);
        int at = text.indexOf(heading);
        assertThat(at).as(heading + " in " + doc).isNotNegative();
        Matcher m = YAML_BLOCK.matcher(text);
        assertThat(m.find(at)).as("a yaml block after " + heading).isTrue();
        return m.group(1);
    }
}
