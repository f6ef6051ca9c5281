package dev.vigil.notify.notifier;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import dev.vigil.test.NotifierCompatibilityKit;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * EmailNotifier against the {@link NotifierCompatibilityKit}, with GreenMail, a real SMTP server on
 * loopback. The notifier's own behaviour (MIME parts, escaping, TLS) is tested in monitor-notify's
 * EmailNotifierTest.
 */
class EmailNotifierCompatibilityTest extends NotifierCompatibilityKit {

    static final String PASSWORD = "smtp-pa55word";

    @RegisterExtension
    static GreenMailExtension greenMail =
            new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    @BeforeEach
    void user() {
        greenMail.setUser("vigil@example.com", "vigil", PASSWORD);
    }

    @Override
    protected Notifier notifier(Duration timeout) {
        return EmailNotifier.builder("127.0.0.1", greenMail.getSmtp().getPort())
                .security(EmailNotifier.Security.NONE)
                .credentials("vigil", Secret.of(PASSWORD))
                .from("vigil@example.com")
                .to("oncall@example.com")
                .timeout(timeout)
                .build();
    }

    @Override
    protected Notifier notifierAt(InetSocketAddress silent, Duration timeout) {
        return EmailNotifier.builder("127.0.0.1", silent.getPort())
                .security(EmailNotifier.Security.NONE)
                .from("vigil@example.com")
                .to("oncall@example.com")
                .timeout(timeout)
                .build();
    }

    /** One text per message: subject, plain part, HTML part. */
    @Override
    protected List<String> received() {
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
                throw new IllegalStateException("cannot read a received message", e);
            }
        }
        return texts;
    }
}
