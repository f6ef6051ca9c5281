package dev.vigil.core.micrometer;

import dev.vigil.core.metric.MetricId;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns Micrometer names and tags, which may be anything, into ones Vigil's {@link MetricId}
 * accepts. The rules (documented in {@code docs/metrics.md}):
 *
 * <ul>
 *   <li>name: camelCase becomes snake_case ({@code requestCount} -> {@code request_count},
 *       {@code HTTPServer} -> {@code http_server}), the rest is lower-cased, any character other
 *       than {@code a-z 0-9 _ .} becomes {@code _}, empty dot-separated segments are dropped, a
 *       name not starting with a letter gets an {@code m} in front, and it is cut at
 *       {@link #MAX_BASE_LENGTH} characters to leave room for suffixes such as {@code .percentile};</li>
 *   <li>tag key: case is kept (Vigil allows it); any character other than letters, digits,
 *       {@code _ . -} becomes {@code _}, a key not starting with a letter or {@code _} gets a
 *       {@code _} in front; cut at {@link MetricId#MAX_TAG_KEY_LENGTH};</li>
 *   <li>tag value: kept, cut at {@link MetricId#MAX_TAG_VALUE_LENGTH}; at most
 *       {@link MetricId#MAX_TAGS} - 1 tags are kept (the first in key order), leaving room for
 *       {@code phi}.</li>
 * </ul>
 */
final class MeterNames {

    /** The longest suffix a series name may get. */
    static final String LONGEST_SUFFIX = ".percentile";
    /** Longest base name, so that the longest suffix still fits {@link MetricId#MAX_NAME_LENGTH}. */
    static final int MAX_BASE_LENGTH = MetricId.MAX_NAME_LENGTH - LONGEST_SUFFIX.length();

    private MeterNames() {}

    /** The Vigil name for a Micrometer name. */
    static String name(String raw) {
        StringBuilder sb = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (isUpper(c)) {
                char prev = i > 0 ? raw.charAt(i - 1) : 0;
                char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
                if (isLower(prev) || isDigit(prev) || (isUpper(prev) && isLower(next))) {
                    sb.append('_');
                }
                sb.append((char) (c + ('a' - 'A')));
            } else if (isLower(c) || isDigit(c) || c == '_' || c == '.') {
                sb.append(c);
            } else {
                sb.append('_');
            }
        }
        StringBuilder out = new StringBuilder(sb.length() + 1);
        for (String segment : sb.toString().split("\\.", -1)) {
            if (!segment.isEmpty()) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(segment);
            }
        }
        if (out.length() == 0 || !isLower(out.charAt(0))) {
            out.insert(0, 'm');
        }
        if (out.length() > MAX_BASE_LENGTH) {
            out.setLength(MAX_BASE_LENGTH);
        }
        while (out.charAt(out.length() - 1) == '.') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    /** The Vigil tag key for a Micrometer tag key. */
    static String tagKey(String raw) {
        StringBuilder sb = new StringBuilder(raw.length() + 1);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            sb.append(isLower(c) || isUpper(c) || isDigit(c) || c == '_' || c == '.' || c == '-' ? c : '_');
        }
        if (sb.length() == 0 || !(isLower(sb.charAt(0)) || isUpper(sb.charAt(0)) || sb.charAt(0) == '_')) {
            sb.insert(0, '_');
        }
        if (sb.length() > MetricId.MAX_TAG_KEY_LENGTH) {
            sb.setLength(MetricId.MAX_TAG_KEY_LENGTH);
        }
        return sb.toString();
    }

    /** The Vigil tags of a meter, sanitized; the first of two keys that sanitize alike wins. */
    static Map<String, String> tags(Meter.Id id) {
        TreeMap<String, String> tags = new TreeMap<>();
        for (Tag t : id.getTagsAsIterable()) {
            String value = t.getValue();
            if (value.length() > MetricId.MAX_TAG_VALUE_LENGTH) {
                value = value.substring(0, MetricId.MAX_TAG_VALUE_LENGTH);
            }
            tags.putIfAbsent(tagKey(t.getKey()), value);
        }
        while (tags.size() > MetricId.MAX_TAGS - 1) { // room for the phi tag of a percentile
            tags.pollLastEntry();
        }
        return tags;
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
