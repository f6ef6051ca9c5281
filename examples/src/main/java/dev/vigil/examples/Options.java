package dev.vigil.examples;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed command line of one example: {@code --name value} pairs and {@code --flag}s. Each
 * example declares the options it accepts; anything else is a usage error.
 */
final class Options {

    /** One accepted option. */
    record Spec(String name, String argument, String help) {
        boolean isFlag() {
            return argument == null;
        }
    }

    static final Spec INTERVAL = new Spec("--interval", "<duration>", "time between ticks (default 1s)");
    static final Spec DURATION = new Spec("--duration", "<duration>", "how long to run (default: until Ctrl-C)");
    /** Where the examples keep what survives a restart unless told otherwise (the library's default is memory). */
    static final java.nio.file.Path DEFAULT_STORAGE = java.nio.file.Path.of("vigil-data");

    static final Spec STORAGE = new Spec(
            "--storage", "<dir>", "storage directory: history, alert state, notification log (default ./vigil-data)");
    static final Spec NO_STORAGE = new Spec("--no-storage", null, "keep everything in memory; a restart forgets it");
    static final List<Spec> COMMON = List.of(INTERVAL, DURATION, STORAGE, NO_STORAGE);

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    static Options parse(List<String> args, List<Spec> accepted) {
        Map<String, Spec> byName = new LinkedHashMap<>();
        for (Spec s : accepted) {
            byName.put(s.name(), s);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            Spec spec = byName.get(name);
            if (spec == null) {
                throw new UsageException("unknown option '" + arg + "'");
            }
            if (spec.isFlag()) {
                if (inline != null) {
                    throw new UsageException(name + " takes no value");
                }
                values.put(name, "true");
            } else if (inline != null) {
                values.put(name, inline);
            } else {
                if (i + 1 >= args.size()) {
                    throw new UsageException(name + " needs a value " + spec.argument());
                }
                values.put(name, args.get(++i));
            }
        }
        Options options = new Options(values);
        for (Spec s : accepted) { // validate durations early, so a bad one fails before anything starts
            if ("<duration>".equals(s.argument())) {
                options.duration(s.name());
            }
        }
        return options;
    }

    Duration interval() {
        String v = values.get(INTERVAL.name());
        return v == null ? Duration.ofSeconds(1) : DurationText.parse(INTERVAL.name(), v);
    }

    /**
     * The storage directory the example's monitor keeps (and hands on to its engine and
     * notifications): {@code --storage DIR}, else {@code ./vigil-data}; empty with {@code --no-storage}.
     */
    Optional<java.nio.file.Path> storage() {
        String dir = values.get(STORAGE.name());
        if (flag(NO_STORAGE.name())) {
            if (dir != null) {
                throw new UsageException(STORAGE.name() + " and " + NO_STORAGE.name() + " exclude each other");
            }
            return Optional.empty();
        }
        if (dir != null && dir.isBlank()) {
            throw new UsageException(STORAGE.name() + " needs a directory, got ''");
        }
        return Optional.of(dir == null ? DEFAULT_STORAGE : java.nio.file.Path.of(dir));
    }

    Optional<Duration> duration() {
        return duration(DURATION.name());
    }

    /** The value of a duration option, if given. */
    Optional<Duration> duration(String name) {
        String v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(DurationText.parse(name, v));
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The option's value, else the environment variable's, else empty. */
    Optional<String> value(String name, String environmentVariable) {
        String v = values.get(name);
        if (v == null && environmentVariable != null) {
            v = System.getenv(environmentVariable);
        }
        return Optional.ofNullable(v).filter(s -> !s.isBlank());
    }

    String required(String name, String environmentVariable) {
        return value(name, environmentVariable)
                .orElseThrow(() -> new UsageException(name + " is required"
                        + (environmentVariable == null ? "" : " (or set " + environmentVariable + ")")));
    }

    /**
     * The option's http(s) URL (else the environment variable's); a usage error naming the option
     * when it is missing or not an absolute http(s) URL. A secret URL (a Slack webhook carries its
     * token) is never quoted back.
     */
    URI httpUrl(String name, String environmentVariable, boolean secret) {
        String text = required(name, environmentVariable);
        try {
            URI uri = new URI(text);
            if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new UsageException(name + " takes an http(s) URL like https://host/path, got "
                + (secret ? "something else (not shown: it is a secret)" : "'" + text + "'"));
    }

    Set<String> given() {
        return values.keySet();
    }
}
