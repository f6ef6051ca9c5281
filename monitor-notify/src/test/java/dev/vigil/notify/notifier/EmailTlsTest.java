package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.alerts.Severity;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Secret;
import dev.vigil.notify.testkit.TestAlerts;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailTlsTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());

    private EmailNotifier.Builder smtps() {
        return EmailNotifier.builder("127.0.0.1", greenMail.getSmtps().getPort())
                .security(EmailNotifier.Security.SMTPS)
                .credentials("vigil", Secret.of("pw"))
                .from("vigil@example.com").to("oncall@example.com");
    }

    @Test
    void deliversOverSmtpsWithAuthenticationToATrustedRelay() throws Exception {
        greenMail.setUser("vigil@example.com", "vigil", "pw");

        DeliveryResult result = smtps().trustedHosts("127.0.0.1").build()
                .deliver(TestAlerts.notification("email", TestAlerts.firing("Tls", Severity.WARNING, Map.of(), "over TLS")));

        assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(greenMail.getReceivedMessages()).singleElement()
                .satisfies(m -> assertThat(m.getSubject()).isEqualTo("[FIRING:1] Tls"));
    }

    @Test
    void refusesAnUntrustedCertificateAndRetriesLater() {
        DeliveryResult result = smtps().build()
                .deliver(TestAlerts.notification("email", TestAlerts.firing("Tls", Severity.WARNING, Map.of(), "x")));

        assertThat(result).isInstanceOf(DeliveryResult.Retry.class);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}
