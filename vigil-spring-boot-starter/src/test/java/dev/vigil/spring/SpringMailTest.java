package dev.vigil.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** An e-mail receiver with only recipients of its own takes the SMTP server from spring.mail.*. */
class SpringMailTest {

    @RegisterExtension
    static GreenMailExtension greenMail =
            new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    @Test
    void anAlertIsMailedThroughTheServerSpringMailNames() throws Exception {
        greenMail.setUser("alerts@example.com", "alerts@example.com", "s3cret-pw");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.mail.host=127.0.0.1",
                        "spring.mail.port=" + greenMail.getSmtp().getPort(),
                        "spring.mail.username=alerts@example.com",
                        "spring.mail.password=s3cret-pw",
                        "vigil.interval=200ms",
                        "vigil.notify.group-wait=0s",
                        "vigil.rules.packs.host=false",
                        "vigil.rules.packs.jvm=false",
                        "vigil.rules.packs.process=false",
                        "vigil.rules.packs.container=false",
                        "vigil.rules.thresholds.queue-backlog.metric=app.queue.depth",
                        "vigil.rules.thresholds.queue-backlog.crit-above=100",
                        "vigil.notify.email.to=oncall@example.com")
                .run()) {
            context.getBean(TestApplication.QueueDepth.class).set(500);

            await().atMost(Duration.ofSeconds(60)).until(() -> greenMail.getReceivedMessages().length > 0);
            MimeMessage mail = greenMail.getReceivedMessages()[0];
            assertThat(mail.getSubject()).contains("queue-backlog");
            assertThat(mail.getFrom()[0].toString()).isEqualTo("alerts@example.com");
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("oncall@example.com");
        }
    }
}
