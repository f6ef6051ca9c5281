package dev.vigil.spring;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.notify.Notifications;
import dev.vigil.notify.Notifier;
import dev.vigil.notify.Route;
import dev.vigil.notify.Secret;
import dev.vigil.notify.Timings;
import dev.vigil.notify.notifier.AlertmanagerNotifier;
import dev.vigil.notify.notifier.EmailNotifier;
import dev.vigil.notify.notifier.LogNotifier;
import dev.vigil.notify.notifier.PagerDutyNotifier;
import dev.vigil.notify.notifier.SlackNotifier;
import dev.vigil.notify.notifier.WebhookNotifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * Builds {@link Notifications} from {@code vigil.notify.*}: the shorthand receivers
 * ({@code vigil.notify.slack.url}, ...), the named ones ({@code vigil.notify.receivers.<name>.type}),
 * and the routes. Every value is checked before it reaches a builder, so that a mistake names its
 * property; secrets are wrapped in {@link Secret} at once and never shown.
 */
final class NotificationsFactory {

    static final List<String> TYPES = List.of("slack", "pagerduty", "email", "webhook", "alertmanager", "log");
    private static final String SECRET_SHOWN = "(secret, not shown)";

    private final VigilNotifyProperties props;
    private final Environment env;

    NotificationsFactory(VigilNotifyProperties props, Environment env) {
        this.props = props;
        this.env = env;
    }

    Notifications build(MeterRegistry registry) {
        Map<String, Notifier> receivers = receivers();
        Notifications.Builder b = Notifications.builder();
        b.timings(timings());
        InvalidVigilPropertyException.naming(
                "vigil.notify.group-by",
                String.join(",", props.getGroupBy()),
                () -> b.groupBy(props.getGroupBy().toArray(String[]::new)));
        b.sendResolved(props.isSendResolved());
        InvalidVigilPropertyException.naming(
                "vigil.notify.close-timeout",
                String.valueOf(props.getCloseTimeout()),
                () -> b.closeTimeout(props.getCloseTimeout()));
        if (registry != null) {
            b.meterRegistry(registry);
        }
        Notifier log = LogNotifier.create();
        if (props.isLog()) {
            b.route(Route.all().continueMatching().to(log));
        }
        List<Notifier> others = new ArrayList<>();
        receivers.forEach((name, notifier) -> {
            if (notifier instanceof AlertmanagerNotifier am) {
                // Alertmanager is state synchronisation, not a notification: it gets every alert.
                b.route(am.route().continueMatching());
            } else {
                others.add(notifier);
            }
        });
        if (props.getRoutes().isEmpty()) {
            if (!others.isEmpty()) {
                b.route(Route.all().to(others.toArray(Notifier[]::new)));
            }
        } else {
            for (int i = 0; i < props.getRoutes().size(); i++) {
                b.route(route(i, props.getRoutes().get(i), receivers, log));
            }
        }
        if (receivers.isEmpty() && !props.isLog()) {
            b.defaultReceivers(log); // something must hear about alerts; the log is the least surprise
        }
        return b.build();
    }

    private Timings timings() {
        requireDuration("vigil.notify.group-wait", props.getGroupWait(), true);
        requireDuration("vigil.notify.group-interval", props.getGroupInterval(), false);
        requireDuration("vigil.notify.repeat-interval", props.getRepeatInterval(), false);
        return new Timings(props.getGroupWait(), props.getGroupInterval(), props.getRepeatInterval());
    }

    private static void requireDuration(String property, Duration value, boolean zeroAllowed) {
        if (value == null || value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new InvalidVigilPropertyException(
                    property, String.valueOf(value), zeroAllowed ? "must not be negative" : "must be positive");
        }
    }

    private Route route(
            int index, VigilNotifyProperties.RouteSpec spec, Map<String, Notifier> receivers, Notifier log) {
        String prefix = "vigil.notify.routes[" + index + "]";
        if (spec.getReceivers().isEmpty()) {
            throw new InvalidVigilPropertyException(
                    prefix + ".receivers",
                    null,
                    "a route needs at least one receiver; configured: " + names(receivers));
        }
        List<LabelMatcher> matchers = new ArrayList<>();
        spec.getMatch()
                .forEach((k, v) -> matchers.add(InvalidVigilPropertyException.naming(
                        prefix + ".match." + k, v, () -> LabelMatcher.equal(k, v))));
        Route route = Route.matching(matchers.toArray(LabelMatcher[]::new));
        for (String name : spec.getReceivers()) {
            Notifier n = "log".equals(name) ? log : receivers.get(name);
            if (n == null) {
                throw new InvalidVigilPropertyException(
                        prefix + ".receivers", name, "no receiver has this name; configured: " + names(receivers));
            }
            route = route.to(n);
        }
        if (spec.isContinueMatching()) {
            route = route.continueMatching();
        }
        try {
            if (spec.getGroupBy() != null) {
                route = route.groupBy(spec.getGroupBy().toArray(String[]::new));
            }
            if (spec.getGroupWait() != null) {
                route = route.groupWait(spec.getGroupWait());
            }
            if (spec.getRepeatInterval() != null) {
                route = route.repeatInterval(spec.getRepeatInterval());
            }
        } catch (IllegalArgumentException e) {
            // Route's messages name the setting (groupBy, groupWait, repeatInterval) and the value.
            throw new InvalidVigilPropertyException(prefix, null, e.getMessage());
        }
        return route;
    }

    private static String names(Map<String, Notifier> receivers) {
        List<String> names = new ArrayList<>(receivers.keySet());
        names.add("log");
        return String.join(", ", names);
    }

    /** Receivers by name: the shorthands that are set, then the named ones. */
    Map<String, Notifier> receivers() {
        Map<String, Notifier> out = new LinkedHashMap<>();
        shorthand(out, "slack", props.getSlack());
        shorthand(out, "webhook", props.getWebhook());
        shorthand(out, "alertmanager", props.getAlertmanager());
        VigilNotifyProperties.PagerDutyReceiver pd = props.getPagerduty();
        if (pd.getRoutingKey() != null) {
            out.put(
                    "pagerduty",
                    notifier(
                            "vigil.notify.pagerduty",
                            "pagerduty",
                            "pagerduty",
                            pd.getUrl(),
                            pd.getRoutingKey(),
                            pd.getTimeout(),
                            null));
        }
        if (!props.getEmail().getTo().isEmpty()) {
            out.put("email", notifier("vigil.notify.email", "email", "email", null, null, null, props.getEmail()));
        }
        props.getReceivers().forEach((name, spec) -> {
            String prefix = "vigil.notify.receivers." + name;
            if (out.containsKey(name) || "log".equals(name)) {
                throw new InvalidVigilPropertyException(
                        prefix, name, "a receiver named '" + name + "' already exists; give this one another name");
            }
            if (spec.getType() == null) {
                throw new InvalidVigilPropertyException(prefix + ".type", null, "one of " + String.join(", ", TYPES));
            }
            String type = spec.getType().trim().toLowerCase(Locale.ROOT);
            if (!TYPES.contains(type)) {
                throw new InvalidVigilPropertyException(
                        prefix + ".type", spec.getType(), "unknown receiver type; one of " + String.join(", ", TYPES));
            }
            out.put(name, notifier(prefix, name, type, spec.getUrl(), spec.getRoutingKey(), spec.getTimeout(), spec));
        });
        return out;
    }

    private void shorthand(Map<String, Notifier> out, String type, VigilNotifyProperties.UrlReceiver spec) {
        if (spec.getUrl() != null) {
            out.put(type, notifier("vigil.notify." + type, type, type, spec.getUrl(), null, spec.getTimeout(), null));
        }
    }

    /** {@code email} is only read for type email, {@code url} and {@code routingKey} only for the others. */
    private Notifier notifier(
            String prefix,
            String name,
            String type,
            String url,
            String routingKey,
            Duration timeout,
            VigilNotifyProperties.EmailReceiver email) {
        try {
            return switch (type) {
                case "slack" -> {
                    var b = SlackNotifier.builder(secretUrl(prefix + ".url", url))
                            .name(name);
                    yield (timeout == null ? b : b.timeout(timeout)).build();
                }
                case "webhook" -> {
                    var b = WebhookNotifier.builder(secretUrl(prefix + ".url", url))
                            .name(name);
                    yield (timeout == null ? b : b.timeout(timeout)).build();
                }
                case "alertmanager" -> {
                    var b = AlertmanagerNotifier.builder(plainUrl(prefix + ".url", url))
                            .name(name);
                    yield (timeout == null ? b : b.timeout(timeout)).build();
                }
                case "pagerduty" -> {
                    var b = PagerDutyNotifier.builder(secret(prefix + ".routing-key", routingKey))
                            .name(name);
                    if (url != null) {
                        b.endpoint(plainUrl(prefix + ".url", url));
                    }
                    yield (timeout == null ? b : b.timeout(timeout)).build();
                }
                case "email" -> email(prefix, name, email);
                case "log" -> LogNotifier.builder().name(name).build();
                default -> throw new IllegalStateException(type);
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Vigil's builders name the field; the message is safe (they never print secrets).
            throw new InvalidVigilPropertyException(prefix, name, e.getMessage());
        }
    }

    private EmailNotifier email(String prefix, String name, VigilNotifyProperties.EmailReceiver spec) {
        if (spec.getTo().isEmpty()) {
            throw new InvalidVigilPropertyException(prefix + ".to", null, "an e-mail receiver needs recipients");
        }
        String host = spec.getHost() != null ? spec.getHost() : env.getProperty("spring.mail.host");
        if (host == null || host.isBlank()) {
            throw new InvalidVigilPropertyException(
                    prefix + ".host", null, "an e-mail receiver needs an SMTP host: set it, or spring.mail.host");
        }
        EmailNotifier.Security security = security(prefix, spec);
        Integer port = spec.getPort() != null ? spec.getPort() : env.getProperty("spring.mail.port", Integer.class);
        if (port == null) {
            port = switch (security) {
                case NONE -> 25;
                case SMTPS -> 465;
                default -> 587;
            };
        }
        int p = port;
        EmailNotifier.Builder b = InvalidVigilPropertyException.naming(
                        prefix + ".port", String.valueOf(p), () -> EmailNotifier.builder(host, p))
                .name(name)
                .security(security);
        String username = spec.getUsername() != null ? spec.getUsername() : env.getProperty("spring.mail.username");
        String password = spec.getPassword() != null ? spec.getPassword() : env.getProperty("spring.mail.password");
        if (username != null && !username.isBlank()) {
            if (password == null || password.isBlank()) {
                throw new InvalidVigilPropertyException(
                        prefix + ".password",
                        null,
                        "a user is set (" + username + ") but no password: set it, or spring.mail.password");
            }
            b.credentials(username, Secret.of(password));
        }
        String from =
                spec.getFrom() != null ? spec.getFrom() : username != null && username.contains("@") ? username : null;
        if (from == null) {
            throw new InvalidVigilPropertyException(
                    prefix + ".from", null, "an e-mail receiver needs a sender address");
        }
        InvalidVigilPropertyException.naming(prefix + ".from", from, () -> b.from(from));
        for (String to : spec.getTo()) {
            InvalidVigilPropertyException.naming(prefix + ".to", to, () -> b.to(to));
        }
        if (spec.getSubjectPrefix() != null) {
            b.subjectPrefix(spec.getSubjectPrefix());
        }
        if (spec.getTimeout() != null) {
            InvalidVigilPropertyException.naming(
                    prefix + ".timeout", spec.getTimeout().toString(), () -> b.timeout(spec.getTimeout()));
        }
        return b.build();
    }

    /** Explicit, else what Spring's own mail sender would use: smtps, STARTTLS when enabled, else plain. */
    private EmailNotifier.Security security(String prefix, VigilNotifyProperties.EmailReceiver spec) {
        if (spec.getSecurity() != null) {
            try {
                return EmailNotifier.Security.valueOf(spec.getSecurity().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidVigilPropertyException(
                        prefix + ".security", spec.getSecurity(), "one of none, starttls, smtps");
            }
        }
        if (spec.getHost() == null && env.getProperty("spring.mail.host") != null) {
            if ("smtps".equalsIgnoreCase(env.getProperty("spring.mail.protocol"))) {
                return EmailNotifier.Security.SMTPS;
            }
            boolean starttls =
                    env.getProperty("spring.mail.properties.mail.smtp.starttls.enable", Boolean.class, false);
            return starttls ? EmailNotifier.Security.STARTTLS : EmailNotifier.Security.NONE;
        }
        return EmailNotifier.Security.STARTTLS;
    }

    private static Secret secret(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidVigilPropertyException(
                    property,
                    null,
                    "required (it is a secret: "
                            + "set it from the environment or a placeholder such as ${MY_SECRET})");
        }
        return Secret.of(value);
    }

    private static Secret secretUrl(String property, String value) {
        Secret secret = secret(property, value);
        checkUrl(property, value, true);
        return secret;
    }

    private static URI plainUrl(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidVigilPropertyException(property, null, "required: an http(s) URL");
        }
        return checkUrl(property, value, false);
    }

    private static URI checkUrl(String property, String value, boolean secret) {
        String shown = secret ? SECRET_SHOWN : value;
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new InvalidVigilPropertyException(
                    property, shown, "not a valid URL" + (secret ? "" : ": " + e.getReason()));
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new InvalidVigilPropertyException(
                    property, shown, "not an absolute http(s) URL (it must start with http:// or https://)");
        }
        if (uri.getHost() == null) {
            throw new InvalidVigilPropertyException(property, shown, "the URL has no host");
        }
        return uri;
    }
}
