package dev.vigil.benchmarks;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the suite's figures as {@code results.json} and {@code results.md} (the table that goes
 * into {@code docs/performance.md}), headed by the machine, the JDK, the command and the date.
 *
 * <pre>{@code
 * new Report(Environment.describe("java -jar vigil-benchmarks.jar"), figures).write(Path.of("benchmark-results"));
 * }</pre>
 */
public final class Report {

    private final Map<String, String> environment;
    private final List<Figure> figures;

    public Report(Map<String, String> environment, List<Figure> figures) {
        this.environment = new LinkedHashMap<>(environment);
        this.figures = List.copyOf(figures);
    }

    /** Writes both files into {@code dir}, creating it when needed. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve("results.json"))) {
            writeJson(out);
        }
        Files.writeString(dir.resolve("results.md"), markdown(), StandardCharsets.UTF_8);
    }

    void writeJson(OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeObjectFieldStart("environment");
            for (Map.Entry<String, String> e : environment.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("figures");
            for (Figure f : figures) {
                g.writeStartObject();
                g.writeStringField("id", f.id());
                g.writeStringField("what", f.what());
                g.writeNumberField("value", f.value());
                g.writeStringField("unit", f.unit());
                g.writeStringField("goal", f.goal());
                g.writeStringField("verdict", f.verdict().name());
                g.writeStringField("note", f.note());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** The markdown: environment list, then one table row per figure. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        for (Map.Entry<String, String> e : environment.entrySet()) {
            md.append("- ")
                    .append(e.getKey())
                    .append(": ")
                    .append(cell(e.getValue()))
                    .append('\n');
        }
        md.append("\n| figure | measured | goal | met? | note |\n|---|---:|---|---|---|\n");
        for (Figure f : figures) {
            String met = switch (f.verdict()) {
                case MET -> "yes";
                case NOT_MET -> "**NO**";
                case NO_GOAL -> "";
            };
            md.append("| ")
                    .append(cell(f.what()))
                    .append(" | ")
                    .append(Figure.format(f.value()))
                    .append(' ')
                    .append(f.unit())
                    .append(" | ")
                    .append(cell(f.goal()))
                    .append(" | ")
                    .append(met)
                    .append(" | ")
                    .append(cell(f.note()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
