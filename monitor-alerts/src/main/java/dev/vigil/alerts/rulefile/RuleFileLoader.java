package dev.vigil.alerts.rulefile;

import dev.vigil.alerts.rule.RulePacks;
import dev.vigil.core.internal.Require;
import dev.vigil.core.metric.MetricId;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads alerting rules from YAML files in either of two forms: Prometheus alerting rule groups
 * ({@code groups:}, with {@code expr} in Vigil's PromQL subset) or Vigil's own form ({@code rules:},
 * {@code packs:}, {@code external_labels:}). {@code docs/rule-files.md} describes both. Every
 * problem of every file is reported, each with file, line, column, field and value.
 *
 * <pre>{@code
 * RuleFileLoader loader = RuleFileLoader.builder().knownMetrics(List.of("http.server.errors")).build();
 * AlertEngine engine = AlertEngine.builder()
 *         .rules(loader.load(List.of(Path.of("rules/host.yml"))).rules()).build();
 * }</pre>
 */
public final class RuleFileLoader {

    private final MetricNames names;
    private final @Nullable Duration tickInterval;

    private RuleFileLoader(Builder b) {
        this.names = new MetricNames(b.known);
        this.tickInterval = b.tickInterval;
    }

    /** A new builder; its known metrics start with the series Vigil's rule packs read. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the files, in order.
     *
     * @throws RuleFileException with every problem found, when any file has one; rule names must
     *         be unique across all files
     */
    public LoadedRules load(Collection<Path> files) throws RuleFileException {
        List<RuleFileError> errors = new ArrayList<>();
        List<LoadedRule> rules = new ArrayList<>();
        Map<String, LoadedRule> byName = new HashMap<>();
        for (Path file : files) {
            List<RuleFileError> fileErrors = new ArrayList<>();
            for (LoadedRule r : read(file, fileErrors)) {
                LoadedRule first = byName.putIfAbsent(r.rule().name(), r);
                if (first != null) {
                    fileErrors.add(new RuleFileError(
                            file,
                            r.line(),
                            r.column(),
                            "alert",
                            r.rule().name(),
                            "the name "
                                    + "is used by another rule at " + first.file() + ":" + first.line() + ":"
                                    + first.column()
                                    + "; Vigil names identify "
                                    + "alerts, so give each rule its own name (one rule can hold a warning and a critical "
                                    + "level in Vigil's form)"));
                } else {
                    rules.add(r);
                }
            }
            errors.addAll(fileErrors);
        }
        if (!errors.isEmpty()) {
            throw new RuleFileException(errors);
        }
        return new LoadedRules(rules);
    }

    /** Reads one file. */
    public LoadedRules load(Path file) throws RuleFileException {
        return load(List.of(file));
    }

    private List<LoadedRule> read(Path file, List<RuleFileError> errors) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            errors.add(new RuleFileError(file, 1, 1, "(file)", "", "not UTF-8 text"));
            return List.of();
        } catch (IOException e) {
            errors.add(new RuleFileError(file, 1, 1, "(file)", "", "cannot be read: " + e));
            return List.of();
        }
        YamlFile y = YamlFile.parse(file, text);
        List<LoadedRule> out;
        try {
            out = read(y);
        } catch (RuntimeException e) {
            // a shape no check foresaw: reported as the file's problem rather than thrown at a reload
            y.errors.add(new RuleFileError(file, 1, 1, "(file)", "", "could not be read: " + e));
            out = List.of();
        }
        errors.addAll(y.errors);
        return y.errors.isEmpty() ? out : List.of();
    }

    private List<LoadedRule> read(YamlFile y) {
        Path file = y.file;
        Node root = y.root();
        List<LoadedRule> out = List.of();
        if (y.errors.isEmpty() && root == null) {
            y.errors.add(new RuleFileError(
                    file,
                    1,
                    1,
                    "(file)",
                    "",
                    "the file is empty; a rule file has "
                            + "'groups:' (Prometheus' form) or 'rules:' / 'packs:' (Vigil's form)"));
        } else if (root != null) {
            Set<String> known = new LinkedHashSet<>(List.of("groups"));
            known.addAll(NativeForm.TOP_FIELDS);
            Map<String, Node> top = y.mapping(root, "(top level)", known);
            if (top != null) {
                boolean prometheus = top.containsKey("groups");
                boolean vigil = top.keySet().stream().anyMatch(NativeForm.TOP_FIELDS::contains);
                if (prometheus && vigil) {
                    y.error(
                            root,
                            "(top level)",
                            "the file mixes Prometheus' form (groups) and Vigil's form "
                                    + "(rules, packs, external_labels); use one form per file");
                } else if (prometheus) {
                    out = PrometheusForm.read(y, top.get("groups"), names, tickInterval);
                } else if (vigil) {
                    out = NativeForm.read(y, top);
                } else if (y.errors.isEmpty()) {
                    y.error(
                            root,
                            "(top level)",
                            "a rule file has 'groups:' (Prometheus' form) or 'rules:' / " + "'packs:' (Vigil's form)");
                }
            }
        }
        return out;
    }

    /** Builds a {@link RuleFileLoader}. */
    public static final class Builder {
        private final Set<String> known = new LinkedHashSet<>(packMetrics());
        private @Nullable Duration tickInterval;

        private Builder() {}

        /**
         * Adds Vigil series names that PromQL names may map to (the application's own series;
         * the names the rule packs read are known already).
         */
        public Builder knownMetrics(Collection<String> names) {
            for (String n : names) {
                if (!MetricId.isValidName(n)) {
                    throw new IllegalArgumentException("known metric '" + n + "' is not a valid metric name");
                }
                known.add(n);
            }
            return this;
        }

        /**
         * The monitor's tick interval: a Prometheus group whose {@code interval} differs is refused
         * (Vigil evaluates every rule at each tick). Unset, {@code interval} is accepted as it is.
         */
        public Builder tickInterval(Duration interval) {
            Require.positive("tickInterval", interval);
            this.tickInterval = interval;
            return this;
        }

        /** The loader. */
        public RuleFileLoader build() {
            return new RuleFileLoader(this);
        }

        private static List<String> packMetrics() {
            List<String> out = new ArrayList<>();
            for (Field f : RulePacks.class.getFields()) {
                if (f.getType() == String.class && Modifier.isStatic(f.getModifiers())) {
                    try {
                        out.add((String) Objects.requireNonNull(f.get(null)));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return out;
        }
    }
}
