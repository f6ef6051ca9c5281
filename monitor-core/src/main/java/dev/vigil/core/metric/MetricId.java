package dev.vigil.core.metric;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The identity of one series: a dotted lower-case name and a sorted set of tags.
 *
 * <p>Immutable and validated at construction; the error message names the field and the bad
 * value. Two ids are equal when their names and tags are equal.
 *
 * <pre>{@code
 * MetricId id = MetricId.of("disk.free", "mount", "/");
 * id.tag("mount");   // "/"
 * id.toString();     // disk.free{mount="/"}
 * }</pre>
 */
public final class MetricId implements Comparable<MetricId> {

    /** Longest accepted name. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Longest accepted tag key. */
    public static final int MAX_TAG_KEY_LENGTH = 100;
    /** Longest accepted tag value. */
    public static final int MAX_TAG_VALUE_LENGTH = 1024;
    /** Most tags one id may carry. */
    public static final int MAX_TAGS = 32;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
    private static final String[] NO_TAGS = new String[0];

    private final String name;
    /** Alternating key, value; sorted by key; keys unique. */
    private final String[] tags;

    private final int hash;

    private MetricId(String name, String[] tags) {
        this.name = name;
        this.tags = tags;
        this.hash = 31 * name.hashCode() + Arrays.hashCode(tags);
    }

    /**
     * An id from a name and alternating tag keys and values.
     *
     * @throws IllegalArgumentException naming the field and the value when the name, a tag key or
     *     a tag value is invalid, or when the key/value list has an odd length
     */
    public static MetricId of(String name, String... keyValues) {
        validateName(name);
        if (keyValues == null || keyValues.length == 0) {
            return new MetricId(name, NO_TAGS);
        }
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "tags of metric '" + name + "' must be key/value pairs, got an odd count " + keyValues.length + ": "
                            + Arrays.toString(keyValues));
        }
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (map.put(keyValues[i], keyValues[i + 1]) != null) {
                throw new IllegalArgumentException(
                        "tag key '" + keyValues[i] + "' of metric '" + name + "' is given twice");
            }
        }
        return of(name, map);
    }

    /** An id from a name and a map of tags. */
    public static MetricId of(String name, Map<String, String> tags) {
        validateName(name);
        if (tags == null || tags.isEmpty()) {
            return new MetricId(name, NO_TAGS);
        }
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException(
                    "metric '" + name + "' has " + tags.size() + " tags; at most " + MAX_TAGS);
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : tags.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            validateTag(name, key, value);
            sorted.put(key, value);
        }
        String[] flat = new String[sorted.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            flat[i++] = e.getKey();
            flat[i++] = e.getValue();
        }
        return new MetricId(name, flat);
    }

    /** Whether {@code name} is a valid metric name. */
    public static boolean isValidName(String name) {
        return name != null
                && name.length() <= MAX_NAME_LENGTH
                && NAME.matcher(name).matches();
    }

    /** Whether {@code key} is a valid tag key ({@code [A-Za-z_][A-Za-z0-9_.-]*}, at most 100 characters). */
    public static boolean isValidTagKey(String key) {
        return key != null
                && key.length() <= MAX_TAG_KEY_LENGTH
                && TAG_KEY.matcher(key).matches();
    }

    private static void validateName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("metric name must not be null");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("metric name '" + name.substring(0, 40) + "...' is " + name.length()
                    + " characters long; at most " + MAX_NAME_LENGTH);
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name
                    + "' is invalid: use dotted lower case, e.g. 'disk.free' ([a-z][a-z0-9_]*(.[a-z0-9_]+)*)");
        }
    }

    private static void validateTag(String name, String key, String value) {
        if (key == null
                || key.length() > MAX_TAG_KEY_LENGTH
                || !TAG_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("tag key '" + key + "' of metric '" + name
                    + "' is invalid: letters, digits, '_', '.', '-', starting with a letter or '_', at most "
                    + MAX_TAG_KEY_LENGTH + " characters");
        }
        if (value == null) {
            throw new IllegalArgumentException("tag '" + key + "' of metric '" + name + "' has a null value");
        }
        if (value.length() > MAX_TAG_VALUE_LENGTH) {
            throw new IllegalArgumentException("tag '" + key + "' of metric '" + name + "' has a value of "
                    + value.length() + " characters; at most " + MAX_TAG_VALUE_LENGTH);
        }
    }

    /** The metric name, e.g. {@code disk.free}. */
    public String name() {
        return name;
    }

    /** The value of tag {@code key}, or {@code null} when the id has no such tag. */
    public @Nullable String tag(String key) {
        for (int i = 0; i < tags.length; i += 2) {
            if (tags[i].equals(key)) {
                return tags[i + 1];
            }
        }
        return null;
    }

    /** The tags, sorted by key, as an unmodifiable map. */
    public Map<String, String> tags() {
        if (tags.length == 0) {
            return Collections.emptyMap();
        }
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            map.put(tags[i], tags[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Number of tags. */
    public int tagCount() {
        return tags.length / 2;
    }

    /** Tag key at {@code index} (0-based, in key order). */
    public String tagKey(int index) {
        return tags[index * 2];
    }

    /** Tag value at {@code index} (0-based, in key order). */
    public String tagValue(int index) {
        return tags[index * 2 + 1];
    }

    /** A copy of this id with one more (or a replaced) tag. */
    public MetricId withTag(String key, String value) {
        TreeMap<String, String> map = new TreeMap<>(tags());
        map.put(key, value);
        return of(name, map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricId other
                && hash == other.hash
                && name.equals(other.name)
                && Arrays.equals(tags, other.tags);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(MetricId o) {
        int c = name.compareTo(o.name);
        if (c != 0) {
            return c;
        }
        int n = Math.min(tags.length, o.tags.length);
        for (int i = 0; i < n; i++) {
            c = tags[i].compareTo(o.tags[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(tags.length, o.tags.length);
    }

    /** Prometheus-like rendering: {@code name{k="v",k2="v2"}}. */
    @Override
    public String toString() {
        if (tags.length == 0) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append('{');
        for (int i = 0; i < tags.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(tags[i]).append("=\"").append(tags[i + 1]).append('"');
        }
        return sb.append('}').toString();
    }
}
