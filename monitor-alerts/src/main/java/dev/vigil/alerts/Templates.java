package dev.vigil.alerts;

import dev.vigil.alerts.rule.Condition;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.metric.ValueFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders annotation templates: {@code {{value}}}, {@code {{threshold}}}, {@code {{severity}}},
 * {@code {{value.raw}}}, {@code {{threshold.raw}}} and any label ({@code {{alertname}}},
 * {@code {{mount}}}, ...). An unknown placeholder is left as it is, so a typo shows.
 *
 * <p>An alert without a value (UNKNOWN, or firing for want of data) cannot fill a sentence about
 * its value ("The heap is no data full"): a template that uses {@code {{value}}} or
 * {@code {{value.raw}}} then renders as {@code <alertname> on <series>: no data (<reason>)}.
 */
final class Templates {

    private Templates() {}

    static Map<String, String> render(
            Map<String, String> templates,
            Map<String, String> labels,
            double value,
            @Nullable Condition threshold,
            @Nullable Unit unit,
            String noValueReason) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : templates.entrySet()) {
            String template = e.getValue();
            out.put(
                    e.getKey(),
                    Double.isNaN(value) && usesValue(template)
                            ? labels.get("alertname") + " on " + labels.get("series") + ": no data (" + noValueReason
                                    + ")"
                            : render(template, labels, value, threshold, unit));
        }
        return out;
    }

    private static boolean usesValue(String template) {
        int i = template.indexOf("{{");
        while (i >= 0) {
            int close = template.indexOf("}}", i + 2);
            if (close < 0) {
                return false;
            }
            String key = template.substring(i + 2, close).strip();
            if (key.equals("value") || key.equals("value.raw")) {
                return true;
            }
            i = template.indexOf("{{", close + 2);
        }
        return false;
    }

    static String render(String template, Map<String, String> labels, double value, Condition threshold, Unit unit) {
        StringBuilder sb = new StringBuilder(template.length() + 32);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                sb.append(template, i, template.length());
                break;
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                sb.append(template, i, template.length());
                break;
            }
            sb.append(template, i, open);
            String key = template.substring(open + 2, close).strip();
            String replacement = switch (key) {
                case "value" -> ValueFormat.format(value, unit);
                case "value.raw" -> Double.toString(value);
                case "threshold" -> threshold == null ? "" : threshold.describe(unit);
                case "threshold.raw" -> threshold == null ? "" : Double.toString(threshold.threshold());
                default -> labels.get(key.startsWith("labels.") ? key.substring(7) : key);
            };
            sb.append(replacement != null ? replacement : template.substring(open, close + 2));
            i = close + 2;
        }
        return sb.toString();
    }
}
