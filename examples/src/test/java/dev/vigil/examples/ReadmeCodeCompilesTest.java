package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code java} code block of README.md that declares a class compiles against the library,
 * so the README cannot rot. Blocks are written to files named after their public class.
 */
class ReadmeCodeCompilesTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME =
            Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?(?:class|record|interface)\\s+(\\w+)");

    static List<String> compilationUnits() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> units = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            String code = m.group(1);
            if (CLASS_NAME.matcher(code).find()) {
                units.add(code);
            }
        }
        return units;
    }

    @Test
    void everyClassInTheReadmeCompiles(@TempDir Path dir) throws IOException {
        List<String> units = compilationUnits();
        assertThat(units).as("java blocks with a class in README.md").isNotEmpty();
        compile(dir, units);
    }

    /** Compiles {@code units} against the test class path into {@code dir/classes}, which it returns. */
    static Path compile(Path dir, List<String> units) throws IOException {
        List<File> files = new ArrayList<>();
        for (String unit : units) {
            Matcher name = CLASS_NAME.matcher(unit);
            assertThat(name.find()).isTrue();
            Path file = dir.resolve(name.group(1) + ".java");
            assertThat(file).as("two README blocks declare " + name.group(1)).doesNotExist();
            Files.writeString(file, unit);
            files.add(file.toFile());
        }
        Path classes = dir.resolve("classes");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        try (var fm = compiler.getStandardFileManager(null, null, null)) {
            List<String> options = List.of(
                    "-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), "-proc:none");
            boolean ok = compiler.getTask(errors, fm, null, options, null, fm.getJavaFileObjectsFromFiles(files))
                    .call();
            assertThat(ok).as("README code compiles:\n" + errors).isTrue();
        }
        return classes;
    }
}
