package dev.vigil.notify.notifier;

import dev.vigil.alerts.Alert;
import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Secret;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Sends notifications by SMTP (Jakarta Mail, Eclipse Angus): a {@code multipart/alternative}
 * message with a plain-text part and an HTML part (every value HTML-escaped), to one or more
 * recipients, over plain SMTP, STARTTLS or SMTPS, with optional authentication. Bad credentials,
 * rejected addresses, a relay that does not offer the required STARTTLS and a certificate that is
 * not trusted are permanent failures; connection problems are retried. Reports captured with the
 * alerts are inline: after the alerts in the plain part, as {@code <pre>} blocks in the HTML part.
 *
 * <pre>{@code
 * EmailNotifier mail = EmailNotifier.builder("smtp.example.com", 587)
 *         .security(EmailNotifier.Security.STARTTLS)
 *         .credentials("alerts@example.com", Secret.fromEnv("SMTP_PASSWORD"))
 *         .from("alerts@example.com")
 *         .to("oncall@example.com", "ops@example.com")
 *         .build();
 * }</pre>
 */
public final class EmailNotifier implements Notifier {

    /** How the SMTP connection is protected. */
    public enum Security {
        /** Plain SMTP (only on a trusted network). */
        NONE,
        /** SMTP upgraded with STARTTLS, which is required. */
        STARTTLS,
        /** SMTP over TLS from the start (port 465). */
        SMTPS
    }

    private final String host;
    private final int port;
    private final Security security;
    private final String username;
    private final Secret password;
    private final InternetAddress from;
    private final List<InternetAddress> to;
    private final String subjectPrefix;
    private final String trustedHosts;
    private final String name;
    private final Duration timeout;
    private final Properties properties;

    private EmailNotifier(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.security = b.security;
        this.username = b.username;
        this.password = b.password;
        this.from = b.from;
        this.to = List.copyOf(b.to);
        this.subjectPrefix = b.subjectPrefix;
        this.trustedHosts = b.trustedHosts;
        this.name = b.name;
        this.timeout = b.timeout;
        this.properties = properties();
    }

    /** Starts a builder for the SMTP server at {@code host:port}. */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    private Properties properties() {
        String protocol = security == Security.SMTPS ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", protocol);
        props.setProperty(p + "host", host);
        props.setProperty(p + "port", Integer.toString(port));
        props.setProperty(p + "auth", Boolean.toString(username != null));
        String millis = Long.toString(timeout.toMillis());
        props.setProperty(p + "connectiontimeout", millis);
        props.setProperty(p + "timeout", millis);
        props.setProperty(p + "writetimeout", millis);
        if (security == Security.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (security == Security.SMTPS) {
            props.setProperty(p + "ssl.enable", "true");
        }
        if (security != Security.NONE) {
            if (trustedHosts.isEmpty()) {
                props.setProperty(p + "ssl.checkserveridentity", "true");
            } else {
                // Hosts trusted by name (a private relay with a self-signed certificate) skip PKIX checks.
                props.setProperty(p + "ssl.trust", trustedHosts);
                props.setProperty(p + "ssl.checkserveridentity", "false");
            }
        }
        return props;
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        Session session = Session.getInstance(properties);
        try {
            MimeMessage message = message(session, n);
            try (Transport transport = session.getTransport()) {
                if (username != null) {
                    transport.connect(host, port, username, password.reveal());
                } else {
                    transport.connect();
                }
                transport.sendMessage(message, message.getAllRecipients());
            }
            return DeliveryResult.delivered();
        } catch (AuthenticationFailedException e) {
            return DeliveryResult.permanentFailure("SMTP authentication failed");
        } catch (SendFailedException e) {
            Address[] valid = e.getValidUnsentAddresses();
            return valid == null || valid.length == 0
                    ? DeliveryResult.permanentFailure("SMTP server rejected the recipients")
                    : DeliveryResult.retry("SMTP send failed for some recipients");
        } catch (MessagingException e) {
            if (String.valueOf(e.getMessage()).contains("STARTTLS is required")) {
                // Angus's own text, not the server's: the relay does not offer STARTTLS, and we never
                // fall back to cleartext, so every retry would fail the same way.
                return DeliveryResult.permanentFailure("SMTP server does not offer STARTTLS, which is required");
            }
            if (causedBy(e, java.security.cert.CertificateException.class)) {
                return DeliveryResult.permanentFailure("TLS certificate not trusted or not valid for the host");
            }
            // Exception texts may echo server replies; only the type goes out.
            return DeliveryResult.retry("SMTP error " + e.getClass().getSimpleName()
                    + (e.getNextException() != null ? " caused by " + e.getNextException().getClass().getSimpleName() : ""));
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 10; depth++) {
            if (type.isInstance(t)) {
                return true;
            }
            t = t instanceof MessagingException m && m.getNextException() != null ? m.getNextException() : t.getCause();
        }
        return false;
    }

    MimeMessage message(Session session, Notification n) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
        message.setSubject(Texts.truncate(subjectPrefix + n.title(), 250), "UTF-8");
        message.setSentDate(Date.from(n.time()));
        message.setHeader("X-Vigil-Group-Key", Texts.truncate(n.groupKey().replaceAll("[\\r\\n]", " "), 900));
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(plainText(n), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(html(n), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    static String plainText(Notification n) {
        StringBuilder s = new StringBuilder(n.title()).append("\n\n").append(n.text());
        for (Alert a : n.alerts()) {
            if (a.report() != null && !a.report().text().isBlank()) {
                s.append("\n--- report for ").append(a.name()).append(" ---\n").append(a.report().text()).append('\n');
            }
        }
        return s.toString();
    }

    static String html(Notification n) {
        StringBuilder s = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>");
        s.append("<h2>").append(Texts.htmlEscape(n.title())).append("</h2>");
        s.append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">");
        s.append("<tr><th>Status</th><th>Alert</th><th>Summary</th><th>Labels</th><th>Since</th></tr>");
        for (Alert a : n.alerts()) {
            boolean resolved = Notification.isResolved(a);
            s.append("<tr><td>").append(resolved ? "RESOLVED" : a.severity().name()).append("</td><td>")
                    .append(Texts.htmlEscape(a.name())).append("</td><td>")
                    .append(Texts.htmlEscape(a.annotations().getOrDefault("summary", "")));
            String description = a.annotations().get("description");
            if (description != null && !description.isBlank()) {
                s.append("<br>").append(Texts.htmlEscape(description));
            }
            s.append("</td><td>");
            a.labels().forEach((k, v) -> s.append(Texts.htmlEscape(k)).append('=').append(Texts.htmlEscape(v)).append("<br>"));
            s.append("</td><td>").append(a.firingSince() == null ? "" : a.firingSince().toString()).append("</td></tr>");
        }
        s.append("</table>");
        for (Alert a : n.alerts()) {
            if (a.report() != null && !a.report().text().isBlank()) {
                s.append("<h3>Report: ").append(Texts.htmlEscape(a.name())).append("</h3><pre>")
                        .append(Texts.htmlEscape(a.report().text())).append("</pre>");
            }
        }
        return s.append("</body></html>").toString();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "EmailNotifier[" + name + " " + host + ":" + port + " " + security + "]";
    }

    /**
     * Configures an {@link EmailNotifier}.
     *
     * <pre>{@code
     * EmailNotifier.builder("localhost", 25).from("vigil@localhost").to("ops@localhost").build();
     * }</pre>
     */
    public static final class Builder {
        private final String host;
        private final int port;
        private Security security = Security.STARTTLS;
        private String username;
        private Secret password;
        private InternetAddress from;
        private final List<InternetAddress> to = new ArrayList<>();
        private String subjectPrefix = "";
        private String trustedHosts = "";
        private String name = "email";
        private Duration timeout = Notifier.DEFAULT_TIMEOUT;

        private Builder(String host, int port) {
            this.host = Checks.requireName(host);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be in 1..65535: " + port);
            }
            this.port = port;
        }

        /** Connection security (default STARTTLS). */
        public Builder security(Security security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /** Authenticates as {@code username} with {@code password}. */
        public Builder credentials(String username, Secret password) {
            this.username = Checks.requireName(username);
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** The sender address. */
        public Builder from(String address) {
            this.from = address("from", address);
            return this;
        }

        /** Adds recipients. */
        public Builder to(String... addresses) {
            for (String a : addresses) {
                to.add(address("to", a));
            }
            return this;
        }

        /** Text put before every subject, e.g. {@code "[prod] "}. */
        public Builder subjectPrefix(String prefix) {
            this.subjectPrefix = Objects.requireNonNull(prefix, "subjectPrefix");
            return this;
        }

        /**
         * Hosts whose TLS certificate is trusted without validation (Jakarta Mail's
         * {@code ssl.trust}, and no host name check): only for a relay with a self-signed
         * certificate on a network you control. Default: none, certificates and host names are
         * verified.
         */
        public Builder trustedHosts(String... hosts) {
            for (String h : hosts) {
                Checks.requireName(h);
            }
            this.trustedHosts = String.join(" ", hosts);
            return this;
        }

        /** The receiver name (default {@code email}). */
        public Builder name(String name) {
            this.name = Checks.requireName(name);
            return this;
        }

        /** Per-attempt timeout, also used for the SMTP connect, read and write timeouts (default 10 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Checks.requireTimeout(timeout);
            return this;
        }

        private static InternetAddress address(String field, String address) {
            Objects.requireNonNull(address, field);
            try {
                InternetAddress parsed = new InternetAddress(address, true);
                return parsed;
            } catch (AddressException e) {
                throw new IllegalArgumentException(field + " is not a valid address: '" + address + "'");
            }
        }

        /** Builds the notifier. */
        public EmailNotifier build() {
            if (from == null) {
                throw new IllegalStateException("from: a sender address is required");
            }
            if (to.isEmpty()) {
                throw new IllegalStateException("to: at least one recipient is required");
            }
            return new EmailNotifier(this);
        }
    }
}
