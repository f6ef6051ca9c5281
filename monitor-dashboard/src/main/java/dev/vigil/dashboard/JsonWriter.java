package dev.vigil.dashboard;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A small streaming JSON writer into a {@link StringBuilder}. The API answers are built with it
 * rather than a tree so that an 86,400-point series is written without a boxed value per point.
 * Non-finite numbers are written as {@code null}, which is also how a chart learns of a gap.
 */
final class JsonWriter {

    private final StringBuilder out;
    /** Whether the innermost open container already holds a value, one bit per nesting level. */
    private long needsComma;

    private int depth;

    JsonWriter(int capacity) {
        this.out = new StringBuilder(capacity);
    }

    JsonWriter beginObject() {
        value();
        out.append('{');
        push();
        return this;
    }

    JsonWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    JsonWriter beginArray() {
        value();
        out.append('[');
        push();
        return this;
    }

    JsonWriter endArray() {
        depth--;
        out.append(']');
        return this;
    }

    /** A member name inside an object; the next call writes its value. */
    JsonWriter name(String name) {
        value();
        string(name);
        out.append(':');
        needsComma &= ~(1L << depth); // the value that follows needs no comma
        return this;
    }

    JsonWriter value(String s) {
        value();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    JsonWriter value(double d) {
        value();
        if (Double.isFinite(d)) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                out.append((long) d);
            } else {
                // Schubfach: the shortest text that reads back as d, two to three times faster than
                // Java 17's Double.toString, which is most of the cost of an 86,400-point answer.
                out.append(NumberOutput.toString(d, true));
            }
        } else {
            out.append("null");
        }
        return this;
    }

    JsonWriter value(long l) {
        value();
        out.append(l);
        return this;
    }

    JsonWriter value(boolean b) {
        value();
        out.append(b);
        return this;
    }

    JsonWriter nullValue() {
        value();
        out.append("null");
        return this;
    }

    JsonWriter field(String name, String v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, double v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, long v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, boolean v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, Map<String, String> map) {
        name(name).beginObject();
        map.forEach(this::field);
        return endObject();
    }

    byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void push() {
        depth++;
        needsComma &= ~(1L << depth);
    }

    private void value() {
        long bit = 1L << depth;
        if ((needsComma & bit) != 0) {
            out.append(',');
        }
        needsComma |= bit;
    }

    /**
     * Escapes for JSON, and also {@code <}, {@code >}, {@code &} and the line separators, so a
     * string stays inert even if some page ever embedded an answer in HTML.
     */
    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
