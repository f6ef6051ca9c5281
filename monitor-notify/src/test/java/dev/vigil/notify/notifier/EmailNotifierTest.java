package dev.vigil.notify.notifier;

import static dev.vigil.notify.notifier.SampleNotifications.firing;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.TestAlerts;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailNotifierTest {

    static final String PASSWORD = "smtp-pa55word";

    @RegisterExtension
    static GreenMailExtension greenMail =
            new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    @BeforeEach
    void user() {
        greenMail.setUser("vigil@example.com", "vigil", PASSWORD);
    }

    private EmailNotifier.Builder mailTo(String... recipients) {
        return EmailNotifier.builder("127.0.0.1", greenMail.getSmtp().getPort())
                .security(EmailNotifier.Security.NONE)
                .credentials("vigil", Secret.of(PASSWORD))
                .from("vigil@example.com")
                .to(recipients);
    }

    private EmailNotifier.Builder mail() {
        return mailTo("oncall@example.com", "ops@example.com");
    }

    /** One text per message: subject, plain part, HTML part. */
    private List<String> received() {
        List<String> texts = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            try {
                MimeMultipart parts = (MimeMultipart) m.getContent();
                StringBuilder text = new StringBuilder(m.getSubject()).append('\n');
                for (int i = 0; i < parts.getCount(); i++) {
                    text.append(parts.getBodyPart(i).getContent()).append('\n');
                }
                texts.add(text.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return texts;
    }

    @Test
    void sendsPlainTextAndEscapedHtmlAlternativesToEveryRecipient() throws Exception {
        Alert disk = TestAlerts.withAnnotations(
                TestAlerts.firing("DiskFull", Severity.CRITICAL, Map.of("mount", "/data"), "x"),
                Map.of("summary", "<b>95%</b> full & rising", "description", "\"quoted\" 'single'"));

        DeliveryResult result = mail().subjectPrefix("[prod] ").build().deliver(TestAlerts.notification("email", disk));

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        MimeMessage[] messages = greenMail.getReceivedMessages();
        assertThat(messages).hasSize(2);
        MimeMessage m = messages[0];
        assertThat(m.getSubject()).isEqualTo("[prod] [FIRING:1] DiskFull");
        assertThat(m.getFrom()[0].toString()).isEqualTo("vigil@example.com");
        assertThat(m.getRecipients(Message.RecipientType.TO))
                .extracting(Object::toString)
                .containsExactly("oncall@example.com", "ops@example.com");
        assertThat(m.getHeader("X-Vigil-Group-Key")[0]).isEqualTo("{}:{alertname=\"DiskFull\"}");
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart plain = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(plain.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(html.getContentType()).startsWith("text/html");
        assertThat((String) plain.getContent())
                .contains("DiskFull: <b>95%</b> full & rising")
                .contains("load 1.0, heap 50%");
        assertThat((String) html.getContent())
                .contains("&lt;b&gt;95%&lt;/b&gt; full &amp; rising")
                .contains("&quot;quoted&quot; &#39;single&#39;")
                .contains("mount=/data")
                .doesNotContain("<b>95%</b>");
        assertThat(GreenMailUtil.getBody(m)).isNotBlank();
    }

    @Test
    void reportsBadCredentialsAsPermanent() {
        EmailNotifier wrong = EmailNotifier.builder(
                        "127.0.0.1", greenMail.getSmtp().getPort())
                .security(EmailNotifier.Security.NONE)
                .credentials("vigil", Secret.of("wrong"))
                .from("vigil@example.com")
                .to("oncall@example.com")
                .build();
        greenMail.getManagers().getUserManager().setAuthRequired(true);

        DeliveryResult result = wrong.deliver(firing("Auth", "x"));

        assertThat(result).isEqualTo(DeliveryResult.permanentFailure("SMTP authentication failed"));
        greenMail.getManagers().getUserManager().setAuthRequired(false);
    }

    @Test
    void retriesWhenTheServerIsUnreachable() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        EmailNotifier nowhere = EmailNotifier.builder("127.0.0.1", closedPort)
                .security(EmailNotifier.Security.NONE)
                .from("vigil@example.com")
                .to("oncall@example.com")
                .timeout(Duration.ofSeconds(2))
                .build();

        assertThat(nowhere.deliver(firing("Down", "x"))).isInstanceOf(DeliveryResult.Retry.class);
    }

    @Test
    void neverFallsBackToCleartextWhenStartTlsIsRequired() {
        EmailNotifier startTls = mailTo("oncall@example.com")
                .security(EmailNotifier.Security.STARTTLS)
                .build();

        DeliveryResult result = startTls.deliver(firing("NoTls", "must not go out in clear"));

        assertThat(result)
                .isEqualTo(DeliveryResult.permanentFailure("SMTP server does not offer STARTTLS, which is required"));
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    private static long wireSize(MimeMessage m) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        m.writeTo(out);
        return out.size();
    }

    @Test
    void aTenMegabyteLabelGroupedByAllLabelsMakesAMessageWellUnderTheRelayLimit() throws Exception {
        dev.vigil.core.time.ManualClock clock = dev.vigil.core.time.ManualClock.create();
        String huge = "v".repeat(10_000_000);
        try (dev.vigil.notify.Notifications n = dev.vigil.notify.Notifications.builder()
                .clock(clock)
                .flushEvery(Duration.ZERO)
                .groupBy(dev.vigil.notify.Route.ALL_LABELS)
                .timings(dev.vigil.notify.Timings.embeddedDefaults().withGroupWait(Duration.ZERO))
                .route(dev.vigil.notify.Route.all()
                        .to(mailTo("oncall@example.com").build()))
                .build()) {
            n.onEvent(new dev.vigil.alerts.AlertEvent.Fired(
                    TestAlerts.firing("Huge", Severity.CRITICAL, Map.of("blob", huge), "s"), clock.now()));
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> greenMail.getReceivedMessages().length == 1);
        }

        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertThat(wireSize(m)).isLessThan(EmailNotifier.DEFAULT_MAX_MESSAGE_BYTES / 100);
        assertThat(received().get(0)).contains("vvvv").contains(" more characters]");
    }

    @Test
    void aGroupLargerThanTheSizeCapIsCutToItWithACountOfTheAlertsLeftOut() throws Exception {
        List<dev.vigil.alerts.Alert> alerts = java.util.stream.IntStream.range(0, 400)
                .mapToObj(i -> TestAlerts.withAnnotations(
                        TestAlerts.firing("Storm", Severity.WARNING, Map.of("i", Integer.toString(i)), "s"),
                        Map.of("summary", "storm " + i, "description", "d".repeat(200))))
                .toList();

        DeliveryResult result = mailTo("oncall@example.com")
                .maxMessageBytes(40_000)
                .build()
                .deliver(TestAlerts.notification("email", alerts));

        assertThat(result).isEqualTo(DeliveryResult.delivered());
        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertThat(wireSize(m)).isLessThanOrEqualTo(40_000);
        String texts = received().get(0);
        assertThat(texts).containsPattern("… and \\d+ more alert\\(s\\) not shown: the message is limited in size.");
        assertThat(texts).containsPattern("… \\[\\d+ more characters]");
        assertThat(texts).contains("storm 0");
    }

    @Test
    void reportsAreInlineInBothPartsAndNothingIsAttached() throws Exception {
        DeliveryResult result = mailTo("oncall@example.com")
                .build()
                .deliver(
                        TestAlerts.notification("email", TestAlerts.firing("Loaded", Severity.WARNING, Map.of(), "s")));

        assertThat(result).isEqualTo(DeliveryResult.delivered());
        MimeMessage m = greenMail.getReceivedMessages()[0];
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getCount()).isEqualTo(2);
        for (int i = 0; i < parts.getCount(); i++) {
            assertThat(parts.getBodyPart(i).getDisposition()).isNull();
            assertThat(parts.getBodyPart(i).getFileName()).isNull();
        }
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"))
                .contains("--- report for Loaded ---\nload 1.0, heap 50%");
        assertThat((String) parts.getBodyPart(1).getContent())
                .contains("<h3>Report: Loaded</h3><pre>load 1.0, heap 50%</pre>");
    }
}
