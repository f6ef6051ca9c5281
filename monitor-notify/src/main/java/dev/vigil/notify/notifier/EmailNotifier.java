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
import org.jspecify.annotations.Nullable;

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
    private final @Nullable String username;
    private final @Nullable Secret password;
    private final @Nullable InternetAddress from;
    private final List<InternetAddress> to;
    private final String subjectPrefix;
    private final String trustedHosts;
    private final String name;
    private final Duration timeout;
    private final Properties properties;
    private final long maxMessageBytes;

    /** Below Postfix's default {@code message_size_limit} (10,240,000 bytes). */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 10_000_000;

    private static final int FIRST_BUDGET_CHARS = 4 * 1024 * 1024;
    private static final int MIN_BUDGET_CHARS = 2048;
    private static final int MAX_HTML_VALUE_CHARS = 16 * 1024;

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
        this.maxMessageBytes = b.maxMessageBytes;
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
                    + (e.getNextException() != null
                            ? " caused by " + e.getNextException().getClass().getSimpleName()
                            : ""));
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

    /**
     * The message, at most {@code maxMessageBytes} as sent (headers, MIME structure and transfer
     * encoding included): when the whole is larger, both parts are cut to a character budget
     * shrunk in proportion until it fits; each cut says how much it left out.
     */
    MimeMessage message(Session session, Notification n) throws MessagingException {
        int budget = FIRST_BUDGET_CHARS;
        while (true) {
            MimeMessage message = message(session, n, budget);
            long size = size(message);
            if (size <= maxMessageBytes || budget <= MIN_BUDGET_CHARS) {
                return message;
            }
            // Encoding expands text unevenly (quoted-printable up to 3x): shrink with a margin.
            long shrunk = (long) (Math.min(budget, longestPart(n, budget)) * (double) maxMessageBytes / size * 0.8);
            budget = (int) Math.max(MIN_BUDGET_CHARS, Math.min(shrunk, budget / 2L));
        }
    }

    private static int longestPart(Notification n, int budget) {
        return Math.max(plainText(n, budget).length(), html(n, budget).length());
    }

    private static long size(MimeMessage message) throws MessagingException {
        long[] count = new long[1];
        try {
            message.writeTo(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    count[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    count[0] += len;
                }
            });
        } catch (java.io.IOException e) {
            throw new MessagingException("cannot measure the message", e);
        }
        return count[0];
    }

    private MimeMessage message(Session session, Notification n, int budget) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
        message.setSubject(Texts.truncate(subjectPrefix + n.title(), 250), "UTF-8");
        message.setSentDate(Date.from(n.time()));
        message.setHeader("X-Vigil-Group-Key", Texts.truncate(Texts.oneLine(n.groupKey()), 900));
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(plainText(n, budget), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(html(n, budget), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    static String plainText(Notification n) {
        return plainText(n, FIRST_BUDGET_CHARS);
    }

    /** The plain part: title, text, then the reports inline; at most {@code budget} characters. */
    static String plainText(Notification n, int budget) {
        StringBuilder s = new StringBuilder(n.title()).append("\n\n").append(n.text());
        for (Alert a : n.alerts()) {
            if (s.length() > budget) {
                break;
            }
            if (a.report() != null && !a.report().text().isBlank()) {
                s.append("\n--- report for ")
                        .append(a.name())
                        .append(" ---\n")
                        .append(a.report().text())
                        .append('\n');
            }
        }
        return Texts.cut(s.toString(), budget);
    }

    static String html(Notification n) {
        return html(n, FIRST_BUDGET_CHARS);
    }

    /**
     * The HTML part: a row per alert while the budget lasts (values cut to a share of it), then
     * a line counting the alerts left out; the reports inline as {@code <pre>} while they fit.
     */
    static String html(Notification n, int budget) {
        int valueCap = Math.max(64, Math.min(MAX_HTML_VALUE_CHARS, budget / 8));
        StringBuilder s = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>");
        s.append("<h2>").append(Texts.htmlEscape(n.title())).append("</h2>");
        s.append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">");
        s.append("<tr><th>Status</th><th>Alert</th><th>Summary</th><th>Labels</th><th>Since</th></tr>");
        int shown = 0;
        for (Alert a : n.alerts()) {
            StringBuilder row = new StringBuilder();
            boolean resolved = Notification.isResolved(a);
            row.append("<tr><td>")
                    .append(resolved ? "RESOLVED" : a.severity().name())
                    .append("</td><td>")
                    .append(escapeCut(a.name(), valueCap))
                    .append("</td><td>")
                    .append(escapeCut(a.annotations().getOrDefault("summary", ""), valueCap));
            String description = a.annotations().get("description");
            if (description != null && !description.isBlank()) {
                row.append("<br>").append(escapeCut(description, valueCap));
            }
            row.append("</td><td>");
            a.labels()
                    .forEach((k, v) -> row.append(escapeCut(k, valueCap))
                            .append('=')
                            .append(escapeCut(String.valueOf(v), valueCap))
                            .append("<br>"));
            row.append("</td><td>")
                    .append(a.firingSince() == null ? "" : a.firingSince().toString())
                    .append("</td></tr>");
            if (shown > 0 && s.length() + row.length() > budget) {
                break;
            }
            s.append(row);
            shown++;
        }
        s.append("</table>");
        if (shown < n.alerts().size()) {
            s.append("<p><em>… and ")
                    .append(n.alerts().size() - shown)
                    .append(" more alert(s) not shown: the message is limited in size.</em></p>");
        }
        for (Alert a : n.alerts()) {
            if (a.report() != null && !a.report().text().isBlank()) {
                int room = budget - s.length() - 200;
                if (room < 64) {
                    s.append("<p><em>Reports left out: the message is limited in size.</em></p>");
                    break;
                }
                s.append("<h3>Report: ")
                        .append(escapeCut(a.name(), valueCap))
                        .append("</h3><pre>")
                        .append(escapeCut(a.report().text(), room))
                        .append("</pre>");
            }
        }
        return s.append("</body></html>").toString();
    }

    /** Cut first, then escaped: an entity is never split, and the count is of the text's own characters. */
    private static String escapeCut(String value, int max) {
        return Texts.htmlEscape(Texts.cut(value, max));
    }

    @Override
    public @Nullable String disabledReason() {
        return password == null ? null : Checks.absence("password", password);
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
        private @Nullable String username;
        private @Nullable Secret password;
        private @Nullable InternetAddress from;
        private final List<InternetAddress> to = new ArrayList<>();
        private String subjectPrefix = "";
        private String trustedHosts = "";
        private String name = "email";
        private Duration timeout = Notifier.DEFAULT_TIMEOUT;
        private long maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;

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

        /**
         * The largest message sent, in bytes as on the wire (default 10,000,000, under the
         * 10 MB most relays accept): a larger one is cut, with a count of what was left out.
         * At least 16,384.
         */
        public Builder maxMessageBytes(long maxMessageBytes) {
            if (maxMessageBytes < 16_384) {
                throw new IllegalArgumentException("maxMessageBytes must be >= 16384: " + maxMessageBytes);
            }
            this.maxMessageBytes = maxMessageBytes;
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
