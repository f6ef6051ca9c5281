package dev.vigil.spring;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.core.Monitor;
import dev.vigil.dashboard.Credentials;
import dev.vigil.dashboard.Dashboard;
import dev.vigil.notify.Notifications;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Vigil's web dashboard, where the application has the {@code monitor-dashboard} module on its
 * class path: served by its own HTTP server (not the application's web server, so that its
 * Content-Security-Policy, CSRF token and Host check stay its own), on {@code 127.0.0.1} and any
 * free port unless told otherwise, with the monitor's history, the engine's alerts and the
 * notifications' receivers. Bound anywhere but loopback, it needs credentials, and startup fails
 * without them, naming {@code vigil.dashboard.host}.
 *
 * <pre class="language-properties">{@code
 * vigil.dashboard.port=8077
 * vigil.dashboard.host=0.0.0.0
 * vigil.dashboard.username=ops
 * vigil.dashboard.password=${VIGIL_DASHBOARD_PASSWORD}
 * }</pre>
 */
@AutoConfiguration(after = VigilAutoConfiguration.class)
@ConditionalOnClass(Dashboard.class)
@ConditionalOnBean(Monitor.class)
@ConditionalOnProperty(prefix = "vigil.dashboard", name = "enabled", havingValue = "true", matchIfMissing = true)
public class VigilDashboardAutoConfiguration {

    private static final String SECRET_SHOWN = "(secret, not shown)";

    @Bean
    @ConditionalOnMissingBean
    public VigilDashboard vigilDashboard(
            VigilProperties properties,
            Monitor monitor,
            ObjectProvider<AlertEngine> engine,
            ObjectProvider<Notifications> notifications) {
        VigilProperties.Dashboard props = properties.getDashboard();
        Dashboard.Builder b = Dashboard.builder().monitor(monitor);
        engine.ifUnique(b::alerts);
        notifications.ifUnique(b::notifications);
        String host = props.getHost();
        InvalidVigilPropertyException.naming("vigil.dashboard.host", host, () -> b.host(host));
        InvalidVigilPropertyException.naming(
                "vigil.dashboard.port", String.valueOf(props.getPort()), () -> b.port(props.getPort()));
        if (props.isReadOnly()) {
            b.readOnly();
        }
        Credentials credentials = credentials(props);
        String access;
        if (credentials instanceof Credentials.Basic) {
            b.credentials(credentials);
            access = "basic authentication as user '" + props.getUsername() + "'";
        } else if (credentials != null) {
            b.credentials(credentials);
            access = "bearer token";
        } else {
            access = "";
        }
        InetAddress address = resolve(host);
        if (!address.isLoopbackAddress() && credentials == null) {
            // The dashboard refuses this too; refusing here names the properties that fix it.
            throw new InvalidVigilPropertyException(
                    "vigil.dashboard.host",
                    host,
                    "not a loopback address (" + address.getHostAddress() + "), and the dashboard is never served "
                            + "open on a network address: set vigil.dashboard.username and vigil.dashboard.password, "
                            + "or vigil.dashboard.token, or bind to 127.0.0.1 and tunnel to it");
        }
        return new VigilDashboard(b, access);
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidVigilPropertyException("vigil.dashboard.host", host, "cannot be resolved");
        }
    }

    /** Basic or bearer credentials from the properties, null when none is set; secrets never shown. */
    static @Nullable Credentials credentials(VigilProperties.Dashboard props) {
        String user = blankToNull(props.getUsername());
        String password = blankToNull(props.getPassword());
        String token = blankToNull(props.getToken());
        if (token != null && (user != null || password != null)) {
            throw new InvalidVigilPropertyException(
                    "vigil.dashboard.token",
                    SECRET_SHOWN,
                    "set either vigil.dashboard.token or vigil.dashboard.username and vigil.dashboard.password, not both");
        }
        if (token != null) {
            return InvalidVigilPropertyException.naming(
                    "vigil.dashboard.token", SECRET_SHOWN, () -> Credentials.bearer(token));
        }
        if (user == null && password == null) {
            return null;
        }
        if (password == null) {
            throw new InvalidVigilPropertyException(
                    "vigil.dashboard.password",
                    null,
                    "required with vigil.dashboard.username (HTTP basic authentication)");
        }
        if (user == null) {
            throw new InvalidVigilPropertyException(
                    "vigil.dashboard.username",
                    null,
                    "required with vigil.dashboard.password (HTTP basic authentication)");
        }
        try {
            return Credentials.basic(user, password);
        } catch (IllegalArgumentException e) {
            // Credentials' messages give a password's length, never its characters.
            boolean aboutUser = e.getMessage().startsWith("basic user");
            throw new InvalidVigilPropertyException(
                    aboutUser ? "vigil.dashboard.username" : "vigil.dashboard.password",
                    aboutUser ? user : SECRET_SHOWN,
                    e.getMessage());
        }
    }

    private static @Nullable String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
