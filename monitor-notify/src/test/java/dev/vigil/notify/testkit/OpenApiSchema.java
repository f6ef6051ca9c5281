package dev.vigil.notify.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates JSON values against a definition of a Swagger 2.0 document, read from the document
 * itself: {@code $ref}, {@code allOf}, {@code type}, {@code properties}, {@code required},
 * {@code additionalProperties}, {@code items}, and the {@code date-time} and {@code uri} formats
 * (what Alertmanager's API v2 uses for posted alerts). Anything else in a schema fails loudly
 * rather than passing unchecked.
 *
 * <pre>{@code
 * OpenApiSchema.find("alertmanager-v0.25.0-openapi.json")
 *     .ifPresent(api -> assertThat(api.violations("postableAlerts", JsonTree.parse(body))).isEmpty());
 * }</pre>
 */
public final class OpenApiSchema {

    private final Map<String, Object> definitions;

    @SuppressWarnings("unchecked")
    private OpenApiSchema(Map<String, Object> document) {
        this.definitions = (Map<String, Object>) document.get("definitions");
    }

    /**
     * The document {@code name} in the shared specifications folder, {@code ../shared/specs} from
     * the project root, or empty when that folder is not there.
     */
    public static Optional<OpenApiSchema> find(String name) {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            Path spec = dir.resolve("../shared/specs").resolve(name).normalize();
            if (Files.exists(dir.resolve("pom.xml")) && Files.isRegularFile(spec)) {
                try {
                    return Optional.of(new OpenApiSchema(JsonTree.object(Files.readString(spec))));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + spec, e);
                }
            }
        }
        return Optional.empty();
    }

    /** What in {@code value} breaks definition {@code name}; empty when it is valid. */
    public List<String> violations(String definition, Object value) {
        List<String> out = new ArrayList<>();
        check(Map.of("$ref", "#/definitions/" + definition), value, "$", out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private void check(Map<String, Object> schema, Object value, String at, List<String> out) {
        for (String keyword : schema.keySet()) {
            if (!List.of(
                            "$ref",
                            "allOf",
                            "type",
                            "properties",
                            "required",
                            "additionalProperties",
                            "items",
                            "format",
                            "description",
                            "x-go-name")
                    .contains(keyword)) {
                throw new IllegalStateException(
                        "schema keyword not supported by this validator: " + keyword + " at " + at);
            }
        }
        if (schema.containsKey("$ref")) {
            String ref = (String) schema.get("$ref");
            Object target = definitions.get(ref.substring("#/definitions/".length()));
            if (target == null) {
                throw new IllegalStateException("unresolved " + ref);
            }
            check((Map<String, Object>) target, value, at, out);
        }
        for (Object part : (List<Object>) schema.getOrDefault("allOf", List.of())) {
            check((Map<String, Object>) part, value, at, out);
        }
        String type = (String) schema.get("type");
        if (type != null && !hasType(type, value)) {
            out.add(at + ": expected " + type + ", got "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
            return;
        }
        if (value instanceof Map<?, ?> object) {
            for (Object name : (List<Object>) schema.getOrDefault("required", List.of())) {
                if (!object.containsKey(name)) {
                    out.add(at + ": required property '" + name + "' missing");
                }
            }
            Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
            Object additional = schema.get("additionalProperties");
            for (Map.Entry<?, ?> e : object.entrySet()) {
                Object property = properties.get(e.getKey());
                if (property != null) {
                    check((Map<String, Object>) property, e.getValue(), at + "." + e.getKey(), out);
                } else if (additional instanceof Map<?, ?> extra) {
                    check((Map<String, Object>) extra, e.getValue(), at + "." + e.getKey(), out);
                }
            }
        }
        if (value instanceof List<?> array && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < array.size(); i++) {
                check((Map<String, Object>) items, array.get(i), at + "[" + i + "]", out);
            }
        }
        if (value instanceof String text && schema.get("format") instanceof String format) {
            checkFormat(format, text, at, out);
        }
    }

    private static boolean hasType(String type, Object value) {
        return switch (type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> value instanceof Long;
            case "number" -> value instanceof Number;
            default -> throw new IllegalStateException("type not supported by this validator: " + type);
        };
    }

    private static void checkFormat(String format, String text, String at, List<String> out) {
        switch (format) {
            case "date-time" -> {
                try {
                    OffsetDateTime.parse(text);
                } catch (DateTimeParseException e) {
                    out.add(at + ": not an RFC 3339 date-time: '" + text + "'");
                }
            }
            case "uri" -> {
                try {
                    if (!new URI(text).isAbsolute()) {
                        out.add(at + ": not an absolute URI: '" + text + "'");
                    }
                } catch (URISyntaxException e) {
                    out.add(at + ": not a URI: '" + text + "'");
                }
            }
            default -> throw new IllegalStateException("format not supported by this validator: " + format);
        }
    }
}
