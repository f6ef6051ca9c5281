package dev.vigil.alerts.rulefile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One rule file's YAML nodes and the problems found in it. Readers ask for a field's mapping,
 * list, text or duration; a wrong shape is recorded as a {@link RuleFileError} at the node's line
 * and column, and the reader gets {@code null} and carries on, so one run reports every problem.
 */
final class YamlFile {

    final Path file;
    final List<RuleFileError> errors = new ArrayList<>();
    /** The document's root, or {@code null} when the file is empty or not YAML. */
    private @Nullable Node root;

    private YamlFile(Path file) {
        this.file = file;
    }

    /** Parses {@code text}; a syntax error is recorded, with its line and column. */
    static YamlFile parse(Path file, String text) {
        YamlFile y = new YamlFile(file);
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.toString())
                .setAllowDuplicateKeys(true)
                .setUseMarks(true)
                .build();
        try {
            Optional<Node> node = new Compose(settings).composeString(text);
            y.root = node.orElse(null);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
            y.errors.add(new RuleFileError(
                    file,
                    m == null ? 1 : m.getLine() + 1,
                    m == null ? 1 : m.getColumn() + 1,
                    "(yaml)",
                    "",
                    "not valid YAML: " + e.getProblem()));
        } catch (YamlEngineException e) {
            y.errors.add(new RuleFileError(file, 1, 1, "(yaml)", "", "not valid YAML: " + e.getMessage()));
        }
        return y;
    }

    /** The document's root, or {@code null} when the file is empty or not YAML. */
    @Nullable
    Node root() {
        return root;
    }

    /** Records a problem at {@code node}. */
    void error(Node node, String field, String message) {
        Mark m = node == null ? null : node.getStartMark().orElse(null);
        errors.add(new RuleFileError(
                file,
                m == null ? 1 : m.getLine() + 1,
                m == null ? 1 : m.getColumn() + 1,
                field,
                valueOf(node),
                message));
    }

    /**
     * Records a problem at character {@code offset} of a scalar's value: exact for plain and
     * quoted one-line values and for literal blocks ({@code |}), at the value's start otherwise.
     */
    void error(Node node, int offset, String field, String message) {
        Mark m = node.getStartMark().orElse(null);
        if (m == null || !(node instanceof ScalarNode s)) {
            error(node, field, message);
            return;
        }
        String value = s.getValue();
        int line = m.getLine() + 1;
        int column = m.getColumn() + 1;
        int lineInValue = 0;
        int lineStart = 0;
        for (int i = 0; i < Math.min(offset, value.length()); i++) {
            if (value.charAt(i) == '\n') {
                lineInValue++;
                lineStart = i + 1;
            }
        }
        ScalarStyle style = s.getScalarStyle();
        if (style == ScalarStyle.PLAIN && value.indexOf('\n') < 0) {
            column += offset;
        } else if ((style == ScalarStyle.DOUBLE_QUOTED || style == ScalarStyle.SINGLE_QUOTED)
                && value.indexOf('\n') < 0) {
            column += 1 + offset;
        } else if (style == ScalarStyle.LITERAL) {
            line += 1 + lineInValue;
            column = indentOfLine(m, m.getLine() + 1) + 1 + (offset - lineStart);
        }
        errors.add(new RuleFileError(file, line, column, field, value, message));
    }

    private static int indentOfLine(Mark m, int wantedLine) {
        int[] buffer = m.getBuffer();
        int line = m.getLine();
        int i = m.getIndex();
        while (i < buffer.length && line < wantedLine) {
            if (buffer[i++] == '\n') {
                line++;
            }
        }
        int indent = 0;
        while (i + indent < buffer.length && buffer[i + indent] == ' ') {
            indent++;
        }
        return indent;
    }

    private static String valueOf(Node node) {
        return node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag()) ? s.getValue() : "";
    }

    /** Whether the node is missing or YAML's null. */
    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode s && Tag.NULL.equals(s.getTag()));
    }

    /**
     * The mapping's entries by key, in order; records an error for a node that is not a mapping, a
     * key given twice, and a key not in {@code known} (naming the known keys).
     */
    @Nullable
    Map<String, Node> mapping(Node node, String field, @Nullable Set<String> known) {
        if (!(node instanceof MappingNode map)) {
            error(node, field, "a mapping (key: value lines) was expected");
            return null;
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node keyNode = t.getKeyNode();
            if (!(keyNode instanceof ScalarNode key)) {
                error(keyNode, field, "a key must be text");
                continue;
            }
            String name = key.getValue();
            if (out.containsKey(name)) {
                error(keyNode, field + "." + name, "the key is given twice in this mapping");
                continue;
            }
            if (known != null && !known.contains(name)) {
                error(keyNode, field + "." + name, "unknown field; the fields here are " + String.join(", ", known));
                continue;
            }
            out.put(name, t.getValueNode());
        }
        return out;
    }

    /** A mapping of text to text, such as labels and annotations. */
    Map<String, Node> stringMap(Node node, String field) {
        Map<String, Node> map = mapping(node, field, null);
        if (map == null) {
            return Map.of();
        }
        Map<String, Node> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (text(v, field + "." + k) != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The list's items; records an error for a node that is not a list. */
    @Nullable
    List<Node> sequence(Node node, String field) {
        if (!(node instanceof SequenceNode seq)) {
            error(node, field, "a list (lines starting with '- ') was expected");
            return null;
        }
        return seq.getValue();
    }

    /** The scalar's text; records an error for a missing value, null or a mapping or list. */
    @Nullable
    String text(Node node, String field) {
        if (!(node instanceof ScalarNode s) || Tag.NULL.equals(s.getTag())) {
            error(node, field, node == null ? "the field is required" : "a single value was expected");
            return null;
        }
        return s.getValue();
    }

    /** A Prometheus-syntax duration, e.g. {@code 5m}. */
    @Nullable
    Duration duration(Node node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return PromDurations.parse(text);
        } catch (IllegalArgumentException e) {
            error(node, field, e.getMessage());
            return null;
        }
    }

    /** A number. */
    @Nullable
    Double number(Node node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            error(node, field, "a number was expected");
            return null;
        }
    }

    /** A whole number. */
    @Nullable
    Integer integer(Node node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            error(node, field, "a whole number was expected");
            return null;
        }
    }
}
