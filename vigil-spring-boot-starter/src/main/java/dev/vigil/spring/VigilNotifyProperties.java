package dev.vigil.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Notification settings under {@code vigil.notify.*}: the shorthand receivers (Slack, PagerDuty,
 * e-mail, webhook, Alertmanager), named receivers, routes and the root route's timings. Bound as
 * part of {@link VigilProperties} ({@link VigilProperties#getNotify()}).
 *
 * <p>Secrets ({@code url} of Slack and webhook receivers, {@code routing-key}, {@code password})
 * are plain properties so that they can come from the environment or a placeholder; they become
 * {@code Secret}s before any notifier sees them and are never logged, which is why none of these
 * classes overrides {@code toString()}.
 *
 * <pre class="language-yaml">{@code
 * vigil.notify:
 *   slack.url: ${SLACK_WEBHOOK_URL}
 *   receivers.ops-mail: {type: email, to: [ops@example.com]}
 *   routes:
 *     - {match: {severity: critical}, receivers: [slack]}
 * }</pre>
 */
public class VigilNotifyProperties {
    /** Whether every alert change is also written to the log (logger {@code dev.vigil.notify.alerts}). */
    private boolean log = true;
    /** Labels that group alerts into one notification. */
    private List<String> groupBy = new ArrayList<>(List.of("alertname"));
    /** Wait before the first notification of a new group. */
    private Duration groupWait = Duration.ofSeconds(5);
    /** Wait between notifications of a changed group. */
    private Duration groupInterval = Duration.ofMinutes(1);
    /** Wait before re-sending a group that keeps firing unchanged. */
    private Duration repeatInterval = Duration.ofHours(4);
    /** Whether resolutions are notified. */
    private boolean sendResolved = true;
    /** How long closing waits for queued notifications to be delivered. */
    private Duration closeTimeout = Duration.ofSeconds(10);
    /** A Slack incoming webhook ({@code url} is a secret). */
    private final UrlReceiver slack = new UrlReceiver();
    /** PagerDuty Events API v2 ({@code routing-key} is a secret). */
    private final PagerDutyReceiver pagerduty = new PagerDutyReceiver();
    /** SMTP e-mail; server and credentials default to {@code spring.mail.*}. */
    private final EmailReceiver email = new EmailReceiver();
    /** A webhook receiving Alertmanager's webhook payload ({@code url} is a secret). */
    private final UrlReceiver webhook = new UrlReceiver();
    /** An Alertmanager (API v2) that every active alert is sent to. */
    private final UrlReceiver alertmanager = new UrlReceiver();
    /** More receivers by name, each with a {@code type}. */
    private Map<String, Receiver> receivers = new LinkedHashMap<>();
    /** Routes tried in order; without routes, every receiver gets every alert. */
    private List<RouteSpec> routes = new ArrayList<>();

    public boolean isLog() {
        return log;
    }

    public void setLog(boolean log) {
        this.log = log;
    }

    public List<String> getGroupBy() {
        return groupBy;
    }

    public void setGroupBy(List<String> groupBy) {
        this.groupBy = groupBy;
    }

    public Duration getGroupWait() {
        return groupWait;
    }

    public void setGroupWait(Duration groupWait) {
        this.groupWait = groupWait;
    }

    public Duration getGroupInterval() {
        return groupInterval;
    }

    public void setGroupInterval(Duration groupInterval) {
        this.groupInterval = groupInterval;
    }

    public Duration getRepeatInterval() {
        return repeatInterval;
    }

    public void setRepeatInterval(Duration repeatInterval) {
        this.repeatInterval = repeatInterval;
    }

    public boolean isSendResolved() {
        return sendResolved;
    }

    public void setSendResolved(boolean sendResolved) {
        this.sendResolved = sendResolved;
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    public UrlReceiver getSlack() {
        return slack;
    }

    public PagerDutyReceiver getPagerduty() {
        return pagerduty;
    }

    public EmailReceiver getEmail() {
        return email;
    }

    public UrlReceiver getWebhook() {
        return webhook;
    }

    public UrlReceiver getAlertmanager() {
        return alertmanager;
    }

    public Map<String, Receiver> getReceivers() {
        return receivers;
    }

    public void setReceivers(Map<String, Receiver> receivers) {
        this.receivers = receivers;
    }

    public List<RouteSpec> getRoutes() {
        return routes;
    }

    public void setRoutes(List<RouteSpec> routes) {
        this.routes = routes;
    }

    /**
     * One receiver under {@code vigil.notify.receivers.<name>}. Which fields apply depends on its
     * type: {@code url} (slack, webhook, alertmanager, and pagerduty's endpoint),
     * {@code routing-key} (pagerduty), and the e-mail fields (email).
     */
    public static class Receiver extends EmailReceiver {
        /** slack, pagerduty, email, webhook, alertmanager or log. */
        private @Nullable String type;
        /** The URL (a secret for slack and webhook). */
        private @Nullable String url;
        /** PagerDuty routing key (a secret). */
        private @Nullable String routingKey;

        public @Nullable String getType() {
            return type;
        }

        public void setType(@Nullable String type) {
            this.type = type;
        }

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public @Nullable String getRoutingKey() {
            return routingKey;
        }

        public void setRoutingKey(@Nullable String routingKey) {
            this.routingKey = routingKey;
        }
    }

    /** A receiver configured by its URL (and an optional timeout). */
    public static class UrlReceiver {
        /** The URL: for Slack and webhooks a secret, for Alertmanager its base URL (http://host:9093). */
        private @Nullable String url;
        /** Timeout of one delivery attempt. */
        private @Nullable Duration timeout;

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public @Nullable Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(@Nullable Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** PagerDuty Events API v2. */
    public static class PagerDutyReceiver {
        /** The integration's routing key (a secret). */
        private @Nullable String routingKey;
        /** The Events API endpoint; default https://events.pagerduty.com/v2/enqueue. */
        private @Nullable String url;
        /** Timeout of one delivery attempt. */
        private @Nullable Duration timeout;

        public @Nullable String getRoutingKey() {
            return routingKey;
        }

        public void setRoutingKey(@Nullable String routingKey) {
            this.routingKey = routingKey;
        }

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public @Nullable Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(@Nullable Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** SMTP e-mail; server and credentials default to {@code spring.mail.*}. */
    public static class EmailReceiver {
        /** Recipients. */
        private List<String> to = new ArrayList<>();
        /** Sender; default {@code spring.mail.username} when it is an address. */
        private @Nullable String from;
        /** SMTP host; default {@code spring.mail.host}. */
        private @Nullable String host;
        /** SMTP port; default {@code spring.mail.port}, else 587 (25 without security, 465 for smtps). */
        private @Nullable Integer port;
        /** SMTP user; default {@code spring.mail.username}. */
        private @Nullable String username;
        /** SMTP password (a secret); default {@code spring.mail.password}. */
        private @Nullable String password;
        /** none, starttls or smtps; default from {@code spring.mail.*}, else starttls. */
        private @Nullable String security;
        /** Text put before every subject. */
        private @Nullable String subjectPrefix;
        /** Timeout of one delivery attempt. */
        private @Nullable Duration timeout;

        public List<String> getTo() {
            return to;
        }

        public void setTo(List<String> to) {
            this.to = to;
        }

        public @Nullable String getFrom() {
            return from;
        }

        public void setFrom(@Nullable String from) {
            this.from = from;
        }

        public @Nullable String getHost() {
            return host;
        }

        public void setHost(@Nullable String host) {
            this.host = host;
        }

        public @Nullable Integer getPort() {
            return port;
        }

        public void setPort(@Nullable Integer port) {
            this.port = port;
        }

        public @Nullable String getUsername() {
            return username;
        }

        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        public @Nullable String getPassword() {
            return password;
        }

        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        public @Nullable String getSecurity() {
            return security;
        }

        public void setSecurity(@Nullable String security) {
            this.security = security;
        }

        public @Nullable String getSubjectPrefix() {
            return subjectPrefix;
        }

        public void setSubjectPrefix(@Nullable String subjectPrefix) {
            this.subjectPrefix = subjectPrefix;
        }

        public @Nullable Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(@Nullable Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** One route: alerts whose labels match go to its receivers. */
    public static class RouteSpec {
        /** Labels an alert must have, e.g. {@code severity: critical}; empty matches every alert. */
        private Map<String, String> match = new LinkedHashMap<>();
        /** Receiver names: slack, pagerduty, email, webhook, log, or a name under {@code vigil.notify.receivers}. */
        private List<String> receivers = new ArrayList<>();
        /** Whether later routes are tried after this one matched (Alertmanager's {@code continue}). */
        private boolean continueMatching;
        /** This route's grouping labels (default: the root's). */
        private @Nullable List<String> groupBy;
        /** This route's group wait (default: the root's). */
        private @Nullable Duration groupWait;
        /** This route's repeat interval (default: the root's). */
        private @Nullable Duration repeatInterval;

        public Map<String, String> getMatch() {
            return match;
        }

        public void setMatch(Map<String, String> match) {
            this.match = match;
        }

        public List<String> getReceivers() {
            return receivers;
        }

        public void setReceivers(List<String> receivers) {
            this.receivers = receivers;
        }

        public boolean isContinueMatching() {
            return continueMatching;
        }

        public void setContinueMatching(boolean continueMatching) {
            this.continueMatching = continueMatching;
        }

        public @Nullable List<String> getGroupBy() {
            return groupBy;
        }

        public void setGroupBy(@Nullable List<String> groupBy) {
            this.groupBy = groupBy;
        }

        public @Nullable Duration getGroupWait() {
            return groupWait;
        }

        public void setGroupWait(@Nullable Duration groupWait) {
            this.groupWait = groupWait;
        }

        public @Nullable Duration getRepeatInterval() {
            return repeatInterval;
        }

        public void setRepeatInterval(@Nullable Duration repeatInterval) {
            this.repeatInterval = repeatInterval;
        }
    }
}
