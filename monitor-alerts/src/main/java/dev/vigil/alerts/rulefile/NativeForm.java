package dev.vigil.alerts.rulefile;

import dev.vigil.alerts.rule.Condition;
import dev.vigil.alerts.rule.DataPolicy;
import dev.vigil.alerts.rule.FlapDetection;
import dev.vigil.alerts.rule.NagiosRange;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rule.RulePacks;
import dev.vigil.core.metric.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads Vigil's own rule form: everything {@link Rule.Builder} offers, rule packs by name, and
 * labels for every rule of the file ({@code external_labels}).
 */
final class NativeForm {

    static final Set<String> TOP_FIELDS = new LinkedHashSet<>(List.of("rules", "packs", "external_labels"));
    static final Set<String> RULE_FIELDS = new LinkedHashSet<>(List.of(
            "name",
            "metric",
            "where",
            "matchers",
            "measure",
            "warning",
            "critical",
            "clear_below",
            "clear_above",
            "for",
            "for_evaluations",
            "times_within",
            "keep_firing_for",
            "absent_for",
            "on_no_data",
            "on_unknown",
            "labels",
            "annotations",
            "unit",
            "flap_detection"));
    private static final Set<String> MEASURES =
            new LinkedHashSet<>(List.of("avg", "min", "max", "percentile", "rate", "increase", "predict", "window"));
    private static final String CONDITIONS = "'> N', '>= N', '< N', '<= N', '== N', '!= N', 'outside A..B', "
            + "'inside A..B' or 'range R' with a Nagios range R such as @10:20";
    private static final Map<String, Function<Duration, List<Rule>>> PACKS = new LinkedHashMap<>();
    /**
     * Packs built once per name and interval: their computed measures are lambdas, equal only to
     * themselves, and a reload must find the same rules to keep their alerts.
     */
    private static final Map<String, List<Rule>> BUILT_PACKS = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        PACKS.put("all", d -> RulePacks.all());
        PACKS.put("host", d -> RulePacks.host());
        PACKS.put("jvm", d -> RulePacks.jvm());
        PACKS.put("process", d -> RulePacks.process());
        PACKS.put("container", d -> RulePacks.container());
        PACKS.put("probes", d -> d == null ? RulePacks.probes() : RulePacks.probes(d));
    }

    private NativeForm() {}

    static List<LoadedRule> read(YamlFile y, Map<String, Node> top) {
        List<LoadedRule> out = new ArrayList<>();
        Map<String, String> external = new LinkedHashMap<>();
        if (top.containsKey("external_labels")) {
            y.stringMap(top.get("external_labels"), "external_labels")
                    .forEach((k, v) -> external.put(k, ((ScalarNode) v).getValue()));
        }
        if (top.containsKey("packs")) {
            List<Node> packs = y.sequence(top.get("packs"), "packs");
            for (int i = 0; packs != null && i < packs.size(); i++) {
                for (Rule r : pack(y, packs.get(i), "packs[" + i + "]")) {
                    Rule labelled = withLabels(y, packs.get(i), "packs[" + i + "]", r.toBuilder(), external);
                    if (labelled != null) {
                        out.add(new LoadedRule(
                                y.file,
                                PrometheusForm.line(packs.get(i)),
                                PrometheusForm.column(packs.get(i)),
                                "packs",
                                labelled));
                    }
                }
            }
        }
        if (top.containsKey("rules")) {
            List<Node> rules = y.sequence(top.get("rules"), "rules");
            for (int i = 0; rules != null && i < rules.size(); i++) {
                Rule r = rule(y, rules.get(i), "rules[" + i + "]", external);
                if (r != null) {
                    out.add(new LoadedRule(
                            y.file,
                            PrometheusForm.line(rules.get(i)),
                            PrometheusForm.column(rules.get(i)),
                            "rules",
                            r));
                }
            }
        }
        return out;
    }

    private static List<Rule> pack(YamlFile y, Node node, String field) {
        String name;
        Duration interval = null;
        Node nameNode = node;
        if (node instanceof ScalarNode) {
            name = y.text(node, field);
        } else {
            Map<String, Node> m = y.mapping(node, field, PACKS.keySet());
            if (m == null || m.size() != 1) {
                if (m != null) {
                    y.error(node, field, "a pack is a name, or one name with its check interval ({probes: 1m})");
                }
                return List.of();
            }
            name = m.keySet().iterator().next();
            nameNode = m.get(name);
            interval = y.duration(nameNode, field + "." + name);
            if (interval == null) {
                return List.of();
            }
        }
        if (name == null) {
            return List.of();
        }
        Function<Duration, List<Rule>> pack = PACKS.get(name);
        if (pack == null) {
            y.error(nameNode, field, "unknown rule pack; the packs are " + String.join(", ", PACKS.keySet()));
            return List.of();
        }
        try {
            Duration checkInterval = interval;
            return BUILT_PACKS.computeIfAbsent(name + "@" + interval, k -> pack.apply(checkInterval));
        } catch (IllegalArgumentException e) {
            y.error(nameNode, field, e.getMessage());
            return List.of();
        }
    }

    private static @Nullable Rule withLabels(
            YamlFile y, Node node, String field, Rule.Builder b, Map<String, String> labels) {
        try {
            labels.forEach(b::label);
            return b.build();
        } catch (IllegalArgumentException e) {
            y.error(node, field, e.getMessage());
            return null;
        }
    }

    private static @Nullable Rule rule(YamlFile y, Node node, String field, Map<String, String> external) {
        int before = y.errors.size();
        Map<String, Node> f = y.mapping(node, field, RULE_FIELDS);
        if (f == null) {
            return null;
        }
        String name = PrometheusForm.requiredText(y, f, "name", node, field);
        String metric = PrometheusForm.requiredText(y, f, "metric", node, field);
        if (name == null || metric == null) {
            return null;
        }
        Rule.Builder b;
        try {
            b = Rule.custom(name);
        } catch (IllegalArgumentException e) {
            y.error(f.get("name"), field + ".name", e.getMessage());
            return null;
        }
        // each setting is applied on its own so that one bad value does not hide the next
        apply(y, f.get("metric"), field + ".metric", () -> b.metric(metric));
        if (f.containsKey("where")) {
            y.stringMap(f.get("where"), field + ".where")
                    .forEach((k, v) ->
                            apply(y, v, field + ".where." + k, () -> b.where(k, ((ScalarNode) v).getValue())));
        }
        if (f.containsKey("matchers")) {
            List<Node> list = y.sequence(f.get("matchers"), field + ".matchers");
            for (int i = 0; list != null && i < list.size(); i++) {
                String text = y.text(list.get(i), field + ".matchers[" + i + "]");
                if (text != null) {
                    matcher(y, list.get(i), field + ".matchers[" + i + "]", text, b);
                }
            }
        }
        if (f.containsKey("measure")) {
            measure(y, f.get("measure"), field + ".measure", b);
        }
        for (String level : List.of("warning", "critical")) {
            if (f.containsKey(level)) {
                Condition c = condition(y, f.get(level), field + "." + level);
                if (c != null) {
                    apply(y, f.get(level), field + "." + level, () -> {
                        if (level.equals("warning")) {
                            b.warn(c);
                        } else {
                            b.crit(c);
                        }
                    });
                }
            }
        }
        number(y, f, "clear_below", field, b::clearBelow);
        number(y, f, "clear_above", field, b::clearAbove);
        duration(y, f, "for", field, b::forDuration);
        duration(y, f, "keep_firing_for", field, b::keepFiringFor);
        duration(y, f, "absent_for", field, b::absentFor);
        if (f.containsKey("for_evaluations")) {
            Integer n = y.integer(f.get("for_evaluations"), field + ".for_evaluations");
            if (n != null) {
                apply(y, f.get("for_evaluations"), field + ".for_evaluations", () -> b.forEvaluations(n));
            }
        }
        if (f.containsKey("times_within")) {
            Map<String, Node> tw = y.mapping(
                    f.get("times_within"), field + ".times_within", new LinkedHashSet<>(List.of("times", "cycles")));
            if (tw != null) {
                Integer times =
                        tw.containsKey("times") ? y.integer(tw.get("times"), field + ".times_within.times") : null;
                Integer cycles =
                        tw.containsKey("cycles") ? y.integer(tw.get("cycles"), field + ".times_within.cycles") : null;
                if (times == null || cycles == null) {
                    y.error(f.get("times_within"), field + ".times_within", "both 'times' and 'cycles' are required");
                } else {
                    apply(y, f.get("times_within"), field + ".times_within", () -> b.timesWithin(times, cycles));
                }
            }
        }
        policy(y, f, "on_no_data", field, b::onNoData);
        policy(y, f, "on_unknown", field, b::onUnknown);
        if (f.containsKey("unit")) {
            String unit = y.text(f.get("unit"), field + ".unit");
            if (unit != null) {
                try {
                    Unit u = Unit.valueOf(unit.toUpperCase(Locale.ROOT));
                    b.unit(u);
                } catch (IllegalArgumentException e) {
                    y.error(
                            f.get("unit"),
                            field + ".unit",
                            "unknown unit; the units are "
                                    + java.util.Arrays.stream(Unit.values())
                                            .map(u -> u.name().toLowerCase(Locale.ROOT))
                                            .toList());
                }
            }
        }
        if (f.containsKey("flap_detection")) {
            flap(y, f.get("flap_detection"), field + ".flap_detection", b);
        }
        Map<String, Node> own = f.containsKey("labels") ? y.stringMap(f.get("labels"), field + ".labels") : Map.of();
        own.forEach((k, v) -> apply(y, v, field + ".labels." + k, () -> b.label(k, ((ScalarNode) v).getValue())));
        external.forEach((k, v) -> {
            if (!own.containsKey(k)) { // a rule's own label wins, as in Prometheus' external_labels
                apply(y, node, field, () -> b.label(k, v));
            }
        });
        if (f.containsKey("annotations")) {
            y.stringMap(f.get("annotations"), field + ".annotations")
                    .forEach((k, v) -> apply(
                            y, v, field + ".annotations." + k, () -> b.annotation(k, ((ScalarNode) v).getValue())));
        }
        if (y.errors.size() > before) {
            return null;
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            y.error(node, field, e.getMessage());
            return null;
        }
    }

    private static void matcher(YamlFile y, Node node, String field, String text, Rule.Builder b) {
        try {
            PromQlAst ast = PromQlParser.parse("x{" + text + "}");
            if (!(ast instanceof PromQlAst.Selector s) || s.matchers().size() != 1) {
                y.error(node, field, "one matcher was expected, e.g. mount=~\"/data.*\" (operators =, !=, =~, !~)");
                return;
            }
            b.matching(s.matchers().get(0));
        } catch (PromQlException e) {
            y.error(
                    node,
                    Math.max(0, e.offset() - 2),
                    field,
                    e.getMessage() + "; a matcher is written as in PromQL, e.g. mount=~\"/data.*\"");
        }
    }

    private static void measure(YamlFile y, Node node, String field, Rule.Builder b) {
        if (node instanceof ScalarNode) {
            String text = y.text(node, field);
            if (text != null && !text.equals("latest")) {
                y.error(
                        node,
                        field,
                        "a measure is 'latest' or one of {avg: 5m}, {min: 5m}, {max: 5m}, "
                                + "{percentile: 0.95, window: 5m}, {rate: 5m}, {increase: 5m}, {predict: 4h, window: 1h}");
            }
            return;
        }
        Map<String, Node> m = y.mapping(node, field, MEASURES);
        if (m == null) {
            return;
        }
        Duration window = m.containsKey("window") ? y.duration(m.get("window"), field + ".window") : null;
        List<String> kinds =
                m.keySet().stream().filter(k -> !k.equals("window")).toList();
        if (kinds.size() != 1) {
            y.error(
                    node,
                    field,
                    "a measure names one of avg, min, max, rate, increase, percentile, predict, got " + kinds);
            return;
        }
        String kind = kinds.get(0);
        String text = y.text(m.get(kind), field + "." + kind);
        if (text == null) {
            return;
        }
        apply(y, m.get(kind), field + "." + kind, () -> {
            switch (kind) {
                case "avg" -> b.avg(PromDurations.parse(text));
                case "min" -> b.min(PromDurations.parse(text));
                case "max" -> b.max(PromDurations.parse(text));
                case "rate" -> b.rate(PromDurations.parse(text));
                case "increase" -> b.increase(PromDurations.parse(text));
                case "percentile" -> b.percentile(Double.parseDouble(text), require(window));
                default -> b.predict(require(window), PromDurations.parse(text));
            }
        });
    }

    private static Duration require(Duration window) {
        if (window == null) {
            throw new IllegalArgumentException("percentile and predict need a 'window', e.g. window: 1h");
        }
        return window;
    }

    /** A condition: {@code > 0.9}, {@code outside 10..20}, {@code range @10:20}, ... */
    static @Nullable Condition condition(YamlFile y, Node node, String field) {
        String text = y.text(node, field);
        if (text == null) {
            return null;
        }
        String s = text.strip();
        try {
            if (s.startsWith("range ")) {
                return NagiosRange.parse(s.substring(6));
            }
            if (s.startsWith("outside ") || s.startsWith("inside ")) {
                String[] bounds = s.substring(s.indexOf(' ') + 1).strip().split("\\.\\.", -1);
                if (bounds.length != 2) {
                    throw new IllegalArgumentException("bounds are written low..high");
                }
                double low = Double.parseDouble(bounds[0].strip());
                double high = Double.parseDouble(bounds[1].strip());
                return s.startsWith("outside") ? new Condition.Outside(low, high) : new Condition.Inside(low, high);
            }
            for (String op : List.of(">=", "<=", "==", "!=", ">", "<")) {
                if (s.startsWith(op)) {
                    double v = Double.parseDouble(s.substring(op.length()).strip());
                    return switch (op) {
                        case ">" -> new Condition.Above(v);
                        case "<" -> new Condition.Below(v);
                        case ">=" -> new NagiosRange(v, Double.POSITIVE_INFINITY, true);
                        case "<=" -> new NagiosRange(Double.NEGATIVE_INFINITY, v, true);
                        case "==" -> new NagiosRange(v, v, true);
                        default -> new Condition.Outside(v, v);
                    };
                }
            }
            y.error(node, field, "a condition is " + CONDITIONS);
        } catch (IllegalArgumentException e) { // NumberFormatException included
            y.error(
                    node,
                    field,
                    (e instanceof NumberFormatException ? "not a number" : e.getMessage()) + "; a condition is "
                            + CONDITIONS);
        }
        return null;
    }

    private static void flap(YamlFile y, Node node, String field, Rule.Builder b) {
        if (node instanceof ScalarNode) {
            String text = y.text(node, field);
            if ("true".equals(text)) {
                b.flapDetection();
            } else if (!"false".equals(text)) {
                y.error(node, field, "flap_detection is true, false or {low: 5, high: 20} (percent)");
            }
            return;
        }
        Map<String, Node> m = y.mapping(node, field, new LinkedHashSet<>(List.of("low", "high")));
        if (m == null) {
            return;
        }
        Double low = m.containsKey("low") ? y.number(m.get("low"), field + ".low") : null;
        Double high = m.containsKey("high") ? y.number(m.get("high"), field + ".high") : null;
        if (low == null || high == null) {
            y.error(node, field, "both 'low' and 'high' are required");
            return;
        }
        apply(y, node, field, () -> b.flapDetection(new FlapDetection(low, high)));
    }

    private static void number(
            YamlFile y, Map<String, Node> f, String key, String field, java.util.function.DoubleConsumer setter) {
        if (f.containsKey(key)) {
            Double v = y.number(f.get(key), field + "." + key);
            if (v != null) {
                apply(y, f.get(key), field + "." + key, () -> setter.accept(v));
            }
        }
    }

    private static void duration(
            YamlFile y, Map<String, Node> f, String key, String field, java.util.function.Consumer<Duration> setter) {
        if (f.containsKey(key)) {
            Duration d = y.duration(f.get(key), field + "." + key);
            if (d != null) {
                apply(y, f.get(key), field + "." + key, () -> setter.accept(d));
            }
        }
    }

    private static void policy(
            YamlFile y, Map<String, Node> f, String key, String field, java.util.function.Consumer<DataPolicy> setter) {
        if (f.containsKey(key)) {
            String text = y.text(f.get(key), field + "." + key);
            if (text == null) {
                return;
            }
            try {
                setter.accept(DataPolicy.valueOf(text.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                y.error(
                        f.get(key),
                        field + "." + key,
                        "the policies are "
                                + java.util.Arrays.stream(DataPolicy.values())
                                        .map(p -> p.name().toLowerCase(Locale.ROOT))
                                        .toList());
            }
        }
    }

    private static void apply(YamlFile y, Node node, String field, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            y.error(node, field, e.getMessage());
        }
    }
}
