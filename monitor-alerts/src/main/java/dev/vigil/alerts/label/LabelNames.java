package dev.vigil.alerts.label;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Vigil's label and annotation names in the form Alertmanager accepts. Vigil keeps Micrometer's
 * names ({@code client.name}, {@code pool-id}); Alertmanager 0.25 accepts only
 * {@code [a-zA-Z_][a-zA-Z0-9_]*} and rejects a whole alert with HTTP 400 otherwise. The mapping is
 * deterministic:
 * <ul>
 *   <li>a valid name is kept as it is;</li>
 *   <li>every other character becomes {@code _} ({@code client.name} and {@code pool-id} become
 *       {@code client_name} and {@code pool_id}), and a name starting with a digit gets a leading
 *       {@code _};</li>
 *   <li>when that name is taken in the same alert (by a valid name, or by a mapped name that sorts
 *       first), {@code _2}, {@code _3}, ... is appended, so both stay distinguishable.</li>
 * </ul>
 *
 * <pre>{@code
 * LabelNames.forAlertmanager("client.name");   // "client_name"
 * }</pre>
 */
public final class LabelNames {

    private LabelNames() {}

    /** Whether Alertmanager accepts {@code name} as it is. */
    public static boolean isValid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** {@code name} mapped on its own, before any collision suffix. */
    public static String forAlertmanager(String name) {
        if (isValid(name)) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 1);
        if (name.isEmpty() || (name.charAt(0) >= '0' && name.charAt(0) <= '9')) {
            out.append('_');
        }
        name.codePoints()
                .forEach(cp -> out.append(
                        (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_'
                                ? (char) cp
                                : '_'));
        return out.toString();
    }

    /**
     * {@code names} (labels or annotations) with every name in Alertmanager's form, values
     * unchanged. {@code onCollision} hears (original name, name given) each time a mapped name was
     * taken and got a suffix. Returns {@code names} itself when every name is valid.
     */
    public static Map<String, String> forAlertmanager(
            Map<String, String> names, BiConsumer<String, String> onCollision) {
        boolean allValid = true;
        for (String name : names.keySet()) {
            allValid &= isValid(name);
        }
        if (allValid) {
            return names;
        }
        Map<String, String> out = new TreeMap<>();
        Map<String, String> invalid = new TreeMap<>();
        names.forEach((name, value) -> {
            if (isValid(name)) {
                out.put(name, value);
            } else {
                invalid.put(name, value);
            }
        });
        invalid.forEach((name, value) -> {
            String mapped = forAlertmanager(name);
            String given = mapped;
            for (int i = 2; out.containsKey(given); i++) {
                given = mapped + "_" + i;
            }
            if (!given.equals(mapped)) {
                onCollision.accept(name, given);
            }
            out.put(given, value);
        });
        return out;
    }

    /**
     * Fails when two of {@code names} become the same Alertmanager name, for names known when a
     * rule or the engine is built.
     *
     * @param field what the names are, for the message ({@code "rule 'disk' labels"})
     * @throws IllegalArgumentException naming both names and what they become
     */
    public static void requireDistinct(String field, Collection<String> names) {
        Map<String, String> seen = new HashMap<>();
        for (String name : new TreeSet<>(names)) {
            String mapped = forAlertmanager(name);
            String other = seen.putIfAbsent(mapped, name);
            if (other != null) {
                throw new IllegalArgumentException(field + ": '" + other + "' and '" + name + "' both become '" + mapped
                        + "' in Alertmanager's label names ([a-zA-Z_][a-zA-Z0-9_]*); rename one");
            }
        }
    }
}
