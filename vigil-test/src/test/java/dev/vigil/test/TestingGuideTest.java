package dev.vigil.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/testing.md shows the guide's examples exactly as they are in {@code dev.vigil.test.guide}
 * (without their package line), so every example on the page compiles and passes as a test here.
 */
class TestingGuideTest {

    static final Path GUIDE = Path.of("..", "docs", "testing.md");
    static final Path EXAMPLES = Path.of("src", "test", "java", "dev", "vigil", "test", "guide");
    static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    static List<String> javaBlocks() throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(Files.readString(GUIDE));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    static List<String> examples() throws IOException {
        List<String> examples = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path f : files.sorted().toList()) {
                examples.add(Files.readString(f).replaceFirst("^package [^\\n]*\\n\\n", ""));
            }
        }
        return examples;
    }

    @Test
    void everyJavaBlockOfTheGuideIsAnExampleTestAsItIs() throws IOException {
        assertThat(javaBlocks())
                .isNotEmpty()
                .allSatisfy(block -> assertThat(examples()).contains(block));
    }

    @Test
    void everyExampleTestIsShownInTheGuide() throws IOException {
        assertThat(examples())
                .isNotEmpty()
                .allSatisfy(example -> assertThat(javaBlocks()).contains(example));
    }
}
