package dev.vigil.notify.notifier;

import dev.vigil.core.internal.Require;
import dev.vigil.notify.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Builder validation shared by the notifiers. */
final class Checks {

    private Checks() {}

    static String requireName(String name) {
        return Require.notBlank("name", name);
    }

    static Duration requireTimeout(Duration timeout) {
        return Require.positive("timeout", timeout);
    }

    /**
     * Validates without quoting the value: a URL given as a secret stays secret. An absent secret
     * passes: the notifier then reports it through {@code disabledReason()}.
     */
    static void requireHttpUrl(String field, Secret url) {
        if (!url.isPresent()) {
            return;
        }
        try {
            URI uri = new URI(url.reveal());
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(field + " must be an absolute http(s) URL (value redacted)");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " is not a valid URL (value redacted)");
        }
    }

    /** The reason a notifier holding these secrets cannot deliver: the first absent one's. */
    static @Nullable String absence(String field, Secret secret) {
        String why = secret.absence();
        return why == null ? null : field + ": " + why;
    }

    /** An absolute URI, or empty for none (Alertmanager answers 422 to a {@code generatorURL} that is not a URI). */
    static String requireUriOrEmpty(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!value.isEmpty()) {
            try {
                if (!new URI(value).isAbsolute()) {
                    throw new IllegalArgumentException(field + " must be an absolute URI: '" + value + "'");
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(field + " is not a URI: '" + value + "' (" + e.getReason() + ")");
            }
        }
        return value;
    }

    static URI requireHttpUri(String field, URI uri) {
        Objects.requireNonNull(uri, field);
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(field + " must be an absolute http(s) URL: " + redacted(uri));
        }
        return uri;
    }

    /**
     * {@code uri} fit to print: scheme, host, port and path only. User info and query often carry
     * credentials or tokens ({@code https://user:pass@host/?token=...}), so they are left out.
     */
    static String redacted(URI uri) {
        StringBuilder out = new StringBuilder();
        if (uri.getScheme() != null) {
            out.append(uri.getScheme()).append(':');
        }
        if (uri.getHost() != null) {
            out.append("//").append(uri.getHost());
            if (uri.getPort() >= 0) {
                out.append(':').append(uri.getPort());
            }
        } else if (uri.getRawAuthority() != null || uri.isOpaque()) {
            out.append("//(redacted)");
        }
        if (uri.getRawPath() != null) {
            out.append(uri.getRawPath());
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            out.append(" (credentials, query and fragment redacted)");
        }
        return out.toString();
    }
}
