package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.examples.javadoc.ExampleContext;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code <pre>} code example (a <code>&#123;@code ...&#125;</code> block) in the Javadoc of the library's API packages
 * compiles for Java 17 against the library, as an application would write it, so an example
 * cannot rot. A failure names the source file and the line of the example.
 *
 * <p>The conventions an example is written to:
 * <ul>
 *   <li>It is the body of a method, in a class of a package of its own (so it sees only the
 *       public API), with every Vigil API type and the usual JDK types it names imported; the
 *       nested types of the class it documents may be named without their outer class.
 *   <li>It may use, undeclared, the objects {@link ExampleContext} lists (a {@code monitor}, an
 *       {@code engine}, a {@code log}, the secrets of notifiers...); anything else it declares.
 *   <li>A line that is only {@code ...} stands for the application's code; a last statement
 *       may leave out its semicolon; an example that starts with {@code return} is the body of a
 *       method that returns a value; one that starts with an annotation is a member of the class
 *       (a Spring {@code @Bean} method).
 *   <li>An example in another language says so, and is left alone:
 *       {@code <pre class="language-yaml">} around the <code>&#123;@code ...&#125;</code> block (or {@code language-properties},
 *       {@code language-http}).
 * </ul>
 * The benchmarks are not API; their examples are not compiled.
 */
class JavadocExamplesCompileTest {

    private static final Path ROOT = Path.of("..");
    private static final List<String> MODULES = List.of(
            "monitor-core", "monitor-alerts", "monitor-notify", "monitor-dashboard", "vigil-spring-boot-starter");
    private static final Pattern EXAMPLE = Pattern.compile("<pre>\\{@code(.*?)}</pre>", Pattern.DOTALL);
    private static final Pattern JAVADOC_MARGIN = Pattern.compile("^\\s*\\* ?");
    private static final Pattern TYPE_NAME = Pattern.compile("\\b[A-Z][A-Za-z0-9_]*\\b");
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s+//.*$");
    /** The JDK's and Spring's types examples name. */
    private static final List<String> OTHER_TYPES = List.of(
            "java.time.Duration",
            "java.time.Instant",
            "java.time.ZoneId",
            "java.time.DayOfWeek",
            "java.time.LocalTime",
            "java.util.List",
            "java.util.Map",
            "java.util.Set",
            "java.util.EnumSet",
            "java.util.Optional",
            "java.nio.file.Path",
            "java.net.URI",
            "java.util.concurrent.atomic.LongAdder",
            "org.springframework.context.annotation.Bean");

    /** One example: where it is and its code, without the Javadoc margin. */
    record Example(Path file, int line, String packageName, String typeName, String code) {}

    @Test
    void everyJavadocExampleOfTheLibraryCompiles(@TempDir Path dir) throws IOException {
        List<Path> sources = new ArrayList<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                files.filter(p -> p.toString().endsWith(".java"))
                        .filter(p ->
                                !p.toString().replace(File.separatorChar, '/').contains("/internal/"))
                        .sorted()
                        .forEach(sources::add);
            }
        }
        List<Example> examples = new ArrayList<>();
        for (Path source : sources) {
            examples.addAll(examplesOf(source));
        }
        assertThat(examples).as("Javadoc examples of " + MODULES).hasSizeGreaterThan(100);
        List<String> failures = compile(dir, examples, publicTypes(sources));
        assertThat(failures)
                .as("Javadoc examples that do not compile (see this test's conventions)")
                .isEmpty();
    }

    @Test
    void aFailingExampleIsNamedByItsFileAndLine(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("src/dev/vigil/core/Broken.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package dev.vigil.core;

                /**
                 * Broken on purpose.
                 * <pre>{@code
                 * Monitor m = Monitor.builder().start();
                 * m.noSuchMethod();
                 * }</pre>
                 */
                public final class Broken {
                }
                """);
        List<Example> examples = examplesOf(source);
        assertThat(examples).singleElement().extracting(Example::line).isEqualTo(6);
        List<String> failures = compile(dir.resolve("out"), examples, Map.of("Monitor", "dev.vigil.core.Monitor"));
        assertThat(failures)
                .singleElement()
                .asString()
                .startsWith(source + ":7: ")
                .contains("noSuchMethod");
    }

    /** The examples of one source file, each with the line its code starts on. */
    static List<Example> examplesOf(Path source) throws IOException {
        String text = Files.readString(source);
        String packageName = packageOf(text);
        String fileName = source.getFileName().toString();
        String typeName = fileName.substring(0, fileName.length() - ".java".length());
        List<Example> examples = new ArrayList<>();
        Matcher m = EXAMPLE.matcher(text);
        while (m.find()) {
            int line = 1
                    + (int) text.substring(0, m.start(1))
                            .chars()
                            .filter(c -> c == '\n')
                            .count();
            String body = m.group(1);
            if (body.startsWith("\n")) {
                body = body.substring(1);
                line++;
            }
            StringBuilder code = new StringBuilder();
            for (String l : body.split("\n", -1)) {
                code.append(JAVADOC_MARGIN.matcher(l).replaceFirst("")).append('\n');
            }
            examples.add(new Example(source, line, packageName, typeName, code.toString()));
        }
        return examples;
    }

    /** Public top-level types by simple name, from their source files. */
    private static Map<String, String> publicTypes(List<Path> sources) throws IOException {
        Map<String, String> types = new TreeMap<>();
        for (Path source : sources) {
            String name = source.getFileName().toString().replace(".java", "");
            String text = Files.readString(source);
            if (Pattern.compile(
                            "(?m)^public\\s+(?:(?:final|abstract|sealed|non-sealed)\\s+)*(?:class|interface|record|enum)\\s+"
                                    + name + "\\b")
                    .matcher(text)
                    .find()) {
                types.put(name, packageOf(text) + "." + name);
            }
        }
        return types;
    }

    private static String packageOf(String text) {
        Matcher m = Pattern.compile("(?m)^package ([\\w.]+);").matcher(text);
        return m.find() ? m.group(1) : "";
    }

    /** Compiles every example as a class of its own; returns one line per error, as file:line: message. */
    static List<String> compile(Path dir, List<Example> examples, Map<String, String> vigilTypes) throws IOException {
        Path src = dir.resolve("javadoc");
        Files.createDirectories(src);
        Map<String, Example> byUnit = new TreeMap<>();
        Map<String, Integer> headerLines = new TreeMap<>();
        List<File> files = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Example example = examples.get(i);
            String className = "Example" + i;
            StringBuilder header = new StringBuilder("package javadoc;\n");
            for (String type : namedTypes(example.code(), vigilTypes)) {
                header.append("import ").append(type).append(";\n");
            }
            String documented = example.packageName() + "." + example.typeName();
            if (vigilTypes.containsValue(documented)) {
                header.append("import ").append(documented).append(".*;\n"); // its nested types
            }
            header.append("class ")
                    .append(className)
                    .append(" extends ")
                    .append(ExampleContext.class.getName())
                    .append(" {\n");
            String code = example.code().stripLeading();
            String body;
            if (code.startsWith("@")) {
                body = example.code() + "}\n"; // a member, such as a @Bean method
            } else {
                header.append(code.startsWith("return ") ? "Object" : "void").append(" example() throws Exception {\n");
                body = asStatements(example.code()) + "}\n}\n";
            }
            Path file = src.resolve(className + ".java");
            Files.writeString(file, header + body);
            byUnit.put(file.toAbsolutePath().toString(), example);
            headerLines.put(file.toAbsolutePath().toString(), (int)
                    header.chars().filter(c -> c == '\n').count());
            files.add(file.toFile());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (var fm = compiler.getStandardFileManager(null, null, null)) {
            List<String> options = List.of(
                    "--release",
                    "17",
                    "-classpath",
                    System.getProperty("java.class.path"),
                    "-d",
                    dir.resolve("classes").toString(),
                    "-proc:none",
                    "-Xmaxerrs",
                    "100000");
            compiler.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromFiles(files))
                    .call();
        }
        List<String> failures = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String unit = d.getSource() == null
                    ? ""
                    : Path.of(d.getSource().toUri()).toAbsolutePath().toString();
            Example example = byUnit.get(unit);
            if (example == null) {
                failures.add(d.getMessage(Locale.ROOT));
                continue;
            }
            long line = example.line() + d.getLineNumber() - headerLines.get(unit) - 1;
            failures.add(example.file() + ":" + line + ": " + d.getMessage(Locale.ROOT));
        }
        return failures;
    }

    /** The imports for the types an example names: the library's, then the JDK's. */
    private static Set<String> namedTypes(String code, Map<String, String> vigilTypes) {
        TreeSet<String> imports = new TreeSet<>();
        Matcher m = TYPE_NAME.matcher(code);
        while (m.find()) {
            String name = m.group();
            if (vigilTypes.containsKey(name)) {
                imports.add(vigilTypes.get(name));
            } else {
                OTHER_TYPES.stream()
                        .filter(t -> t.endsWith("." + name))
                        .findFirst()
                        .ifPresent(imports::add);
            }
        }
        return imports;
    }

    /** The code with placeholders blanked and a semicolon after a last statement that left it out. */
    private static String asStatements(String code) {
        List<String> lines = new ArrayList<>(
                code.lines().map(l -> l.strip().equals("...") ? "" : l).toList());
        for (int i = lines.size() - 1; i >= 0; i--) {
            String last =
                    TRAILING_COMMENT.matcher(lines.get(i)).replaceFirst("").stripTrailing();
            if (!last.isEmpty()) {
                if (!last.endsWith(";") && !last.endsWith("}")) {
                    lines.set(i, last + ";");
                }
                break;
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
