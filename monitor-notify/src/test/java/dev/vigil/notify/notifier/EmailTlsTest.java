package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.alerts.rule.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.TestAlerts;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailTlsTest {

    @RegisterExtension
    static GreenMailExtension greenMail =
            new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());

    private EmailNotifier.Builder smtps() {
        return EmailNotifier.builder("127.0.0.1", greenMail.getSmtps().getPort())
                .security(EmailNotifier.Security.SMTPS)
                .credentials("vigil", Secret.of("pw"))
                .from("vigil@example.com")
                .to("oncall@example.com");
    }

    @Test
    void deliversOverSmtpsWithAuthenticationToATrustedRelay() throws Exception {
        greenMail.setUser("vigil@example.com", "vigil", "pw");

        DeliveryResult result = smtps().trustedHosts("127.0.0.1")
                .build()
                .deliver(TestAlerts.notification(
                        "email", TestAlerts.firing("Tls", Severity.WARNING, Map.of(), "over TLS")));

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(greenMail.getReceivedMessages())
                .singleElement()
                .satisfies(m -> assertThat(m.getSubject()).isEqualTo("[FIRING:1] Tls"));
    }

    @Test
    void refusesAnUntrustedCertificateForGood() {
        DeliveryResult result = smtps().build()
                .deliver(TestAlerts.notification("email", TestAlerts.firing("Tls", Severity.WARNING, Map.of(), "x")));

        assertThat(result)
                .isEqualTo(DeliveryResult.permanentFailure("TLS certificate not trusted or not valid for the host"));
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRelayThatDoesNotOfferStartTlsIsAPermanentFailureWithThatReason() throws Exception {
        try (java.net.ServerSocket relay = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread smtp = new Thread(() -> plainSmtpWithoutStartTls(relay, commands), "plain-smtp");
            smtp.setDaemon(true);
            smtp.start();

            DeliveryResult result = EmailNotifier.builder("127.0.0.1", relay.getLocalPort())
                    .security(EmailNotifier.Security.STARTTLS)
                    .from("vigil@example.com")
                    .to("oncall@example.com")
                    .build()
                    .deliver(TestAlerts.notification(
                            "email", TestAlerts.firing("Tls", Severity.WARNING, Map.of(), "x")));

            assertThat(result)
                    .isEqualTo(
                            DeliveryResult.permanentFailure("SMTP server does not offer STARTTLS, which is required"));
            assertThat(commands).noneMatch(c -> c.startsWith("MAIL") || c.startsWith("DATA"));
        }
    }

    /** One SMTP session that advertises no STARTTLS: greets, answers EHLO, says goodbye. */
    private static void plainSmtpWithoutStartTls(java.net.ServerSocket relay, java.util.List<String> commands) {
        try (java.net.Socket s = relay.accept();
                var in = new java.io.BufferedReader(
                        new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                var out = new java.io.PrintStream(
                        s.getOutputStream(), true, java.nio.charset.StandardCharsets.US_ASCII)) {
            out.print("220 relay.test ESMTP\r\n");
            for (String line; (line = in.readLine()) != null; ) {
                commands.add(line);
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO" -> out.print("250-relay.test\r\n250-8BITMIME\r\n250 SIZE 10240000\r\n");
                    case "HELO" -> out.print("250 relay.test\r\n");
                    case "QUIT" -> {
                        out.print("221 bye\r\n");
                        return;
                    }
                    default -> out.print("502 not implemented\r\n");
                }
            }
        } catch (java.io.IOException ignored) {
            // the client went away
        }
    }
}
