package dev.vigil.alerts.rulefile;

import dev.vigil.alerts.rule.DataPolicy;
import dev.vigil.alerts.rule.Measure;
import dev.vigil.alerts.rule.Rule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads Prometheus alerting rule groups, unchanged: {@code groups: [{name, interval, rules: [{alert,
 * expr, for, keep_firing_for, labels, annotations}]}]} with {@code expr} in Vigil's PromQL subset.
 */
final class PrometheusForm {

    private static final Set<String> GROUP_FIELDS =
            new LinkedHashSet<>(List.of("name", "interval", "rules", "limit", "query_offset", "labels"));
    private static final Set<String> RULE_FIELDS =
            new LinkedHashSet<>(List.of("alert", "expr", "for", "keep_firing_for", "labels", "annotations", "record"));
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}", Pattern.DOTALL);
    private static final Pattern LABEL_REF = Pattern.compile("(?:\\$labels|\\.Labels)\\.([A-Za-z_][A-Za-z0-9_]*)");
    static final String SUPPORTED_TEMPLATES =
            "supported: {{ $value }}, {{ $labels.<name> }} " + "(or {{ .Value }}, {{ .Labels.<name> }})";

    private PrometheusForm() {}

    static List<LoadedRule> read(YamlFile y, Node groupsNode, MetricNames names, Duration tickInterval) {
        List<LoadedRule> out = new ArrayList<>();
        List<Node> groups = y.sequence(groupsNode, "groups");
        if (groups == null) {
            return out;
        }
        Map<String, Node> groupNames = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            String gField = "groups[" + g + "]";
            Node groupNode = groups.get(g);
            Map<String, Node> group = y.mapping(groupNode, gField, GROUP_FIELDS);
            if (group == null) {
                continue;
            }
            for (String refused : List.of("limit", "query_offset", "labels")) {
                if (group.containsKey(refused)) {
                    y.error(
                            group.get(refused),
                            gField + "." + refused,
                            "the group field '" + refused
                                    + "' is not supported by Vigil; the group fields are name, interval, rules");
                }
            }
            String name = requiredText(y, group, "name", groupNode, gField);
            if (name != null) {
                if (name.isBlank()) {
                    y.error(group.get("name"), gField + ".name", "a group name must not be empty");
                } else if (groupNames.putIfAbsent(name, group.get("name")) != null) {
                    y.error(
                            group.get("name"),
                            gField + ".name",
                            "the group name is used twice in this file " + "(first at line "
                                    + line(groupNames.get(name)) + "); promtool refuses it too");
                }
            }
            if (group.containsKey("interval")) {
                Duration interval = y.duration(group.get("interval"), gField + ".interval");
                if (interval != null && tickInterval != null && !interval.equals(tickInterval)) {
                    y.error(
                            group.get("interval"),
                            gField + ".interval",
                            "Vigil evaluates every rule at each tick of "
                                    + "the monitor, every " + PromDurations.text(tickInterval)
                                    + "; remove the interval or set "
                                    + "it to " + PromDurations.text(tickInterval));
                }
            }
            if (!group.containsKey("rules")) {
                continue; // Prometheus accepts a group without rules
            }
            List<Node> rules =
                    YamlFile.isNull(group.get("rules")) ? List.of() : y.sequence(group.get("rules"), gField + ".rules");
            if (rules == null) {
                continue;
            }
            for (int r = 0; r < rules.size(); r++) {
                Rule rule = rule(y, rules.get(r), gField + ".rules[" + r + "]", names);
                if (rule != null) {
                    out.add(new LoadedRule(
                            y.file, line(rules.get(r)), column(rules.get(r)), name == null ? "" : name, rule));
                }
            }
        }
        return out;
    }

    private static @Nullable Rule rule(YamlFile y, Node node, String field, MetricNames names) {
        int before = y.errors.size();
        Map<String, Node> f = y.mapping(node, field, RULE_FIELDS);
        if (f == null) {
            return null;
        }
        if (f.containsKey("record")) {
            y.error(
                    f.get("record"),
                    field + ".record",
                    "recording rules are not supported: Vigil keeps no derived "
                            + "series; a rule file holds alerting rules (alert, expr, for, keep_firing_for, labels, annotations)");
            return null;
        }
        String alert = requiredText(y, f, "alert", node, field);
        String expr = requiredText(y, f, "expr", node, field);
        Rule.Builder b = null;
        if (alert != null) {
            try {
                b = Rule.custom(alert);
            } catch (IllegalArgumentException e) {
                y.error(f.get("alert"), field + ".alert", e.getMessage());
            }
        }
        PromQlTranslator.Translation t = null;
        String metric = null;
        if (expr != null) {
            try {
                t = PromQlTranslator.translate(expr);
                metric = names.resolve(t.metric(), t.quoted());
            } catch (PromQlException e) {
                y.error(f.get("expr"), e.offset(), field + ".expr", e.getMessage());
            } catch (IllegalArgumentException e) {
                y.error(f.get("expr"), t.selectorOffset(), field + ".expr", e.getMessage());
            }
        }
        Duration forDuration = f.containsKey("for") ? y.duration(f.get("for"), field + ".for") : Duration.ZERO;
        Duration keepFiringFor = f.containsKey("keep_firing_for")
                ? y.duration(f.get("keep_firing_for"), field + ".keep_firing_for")
                : Duration.ZERO;
        boolean warning = false;
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        if (f.containsKey("labels") && !YamlFile.isNull(f.get("labels"))) {
            for (Map.Entry<String, Node> e :
                    y.stringMap(f.get("labels"), field + ".labels").entrySet()) {
                String value = y.text(e.getValue(), field + ".labels." + e.getKey());
                if (value.contains("{{")) {
                    y.error(
                            e.getValue(),
                            field + ".labels." + e.getKey(),
                            "templates in label values are not "
                                    + "supported: a label identifies the alert, so Vigil keeps it fixed");
                } else if (e.getKey().equals("severity")) {
                    if (value.equals("warning")) {
                        warning = true;
                    } else if (!value.equals("critical")) {
                        y.error(
                                e.getValue(),
                                field + ".labels.severity",
                                "Vigil's severities are 'warning' and "
                                        + "'critical' (a rule without the label is critical)");
                    }
                } else {
                    labels.put(e.getKey(), value);
                }
            }
        }
        Map<String, String> annotations = new java.util.LinkedHashMap<>();
        if (f.containsKey("annotations") && !YamlFile.isNull(f.get("annotations"))) {
            for (Map.Entry<String, Node> e :
                    y.stringMap(f.get("annotations"), field + ".annotations").entrySet()) {
                String template = y.text(e.getValue(), field + ".annotations." + e.getKey());
                try {
                    annotations.put(e.getKey(), template(template));
                } catch (PromQlException ex) {
                    y.error(e.getValue(), ex.offset(), field + ".annotations." + e.getKey(), ex.getMessage());
                }
            }
        }
        if (b == null || t == null || metric == null || y.errors.size() > before) {
            return null;
        }
        try {
            b.metric(metric)
                    .matching(t.matchers().toArray(new dev.vigil.alerts.label.LabelMatcher[0]))
                    .measure(new Measure.Computed(t.query(), expr.strip().replaceAll("\\s+", " ")));
            if (warning) {
                b.warn(t.condition());
            } else {
                b.crit(t.condition());
            }
            b.forDuration(forDuration).keepFiringFor(keepFiringFor);
            if (t.absentFor() != null) {
                b.absentFor(t.absentFor()).onNoData(DataPolicy.ALERT);
            }
            labels.forEach(b::label);
            annotations.forEach(b::annotation);
            return b.build();
        } catch (IllegalArgumentException e) {
            y.error(node, field, e.getMessage());
            return null;
        }
    }

    /** Rewrites a Prometheus annotation template into Vigil's placeholders. */
    static String template(String template) throws PromQlException {
        Matcher m = ACTION.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String action = m.group(1);
            String replacement;
            Matcher label = LABEL_REF.matcher(action);
            if (action.equals("$value") || action.equals(".Value")) {
                replacement = "{{value.raw}}";
            } else if (label.matches()) {
                replacement = "{{labels." + label.group(1) + "}}";
            } else {
                throw new PromQlException(
                        "the template action '" + m.group() + "' is not supported; " + SUPPORTED_TEMPLATES, m.start());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static @Nullable String requiredText(YamlFile y, Map<String, Node> fields, String key, Node parent, String field) {
        if (!fields.containsKey(key)) {
            y.error(parent, field + "." + key, "the field '" + key + "' is required");
            return null;
        }
        return y.text(fields.get(key), field + "." + key);
    }

    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    static int column(Node node) {
        return node.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
    }
}
