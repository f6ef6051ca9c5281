package dev.vigil.core.journal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text form of a stored value: fields percent-encoded and separated by spaces, so a record
 * stays one readable line whatever its labels hold.
 *
 * <pre>{@code
 * String line = Fields.join("FIRING", "disk full");   // "FIRING disk+full"
 * List<String> back = Fields.split(line);
 * }</pre>
 */
public final class Fields {

    private Fields() {}

    /** The fields as one line; {@code null} is written as {@code -}. */
    public static String join(Object... fields) {
        StringBuilder sb = new StringBuilder();
        for (Object f : fields) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String encoded = f == null ? "-" : URLEncoder.encode(String.valueOf(f), StandardCharsets.UTF_8);
            sb.append(f != null && encoded.equals("-") ? "%2D" : encoded);
        }
        return sb.toString();
    }

    /** The fields of a line made by {@link #join}; {@code -} reads back as {@code null}. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        if (line.isEmpty()) {
            return out;
        }
        for (String f : line.split(" ", -1)) {
            out.add(f.equals("-") ? null : URLDecoder.decode(f, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A label map as one field. */
    public static String labels(Map<String, String> labels) {
        List<Object> kv = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> {
            kv.add(k);
            kv.add(v);
        });
        return join(kv.toArray());
    }

    /** The label map of a field made by {@link #labels}. */
    public static Map<String, String> labels(String field) {
        Map<String, String> out = new TreeMap<>();
        List<String> kv = split(field == null ? "" : field);
        for (int i = 0; i + 1 < kv.size(); i += 2) {
            out.put(kv.get(i), kv.get(i + 1));
        }
        return out;
    }
}
