package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * Every package of every module is {@code @NullMarked} (non-null unless {@code @Nullable}) and says
 * in its {@code package-info.java} what it is for. The modules are read from the parent pom, so a
 * new module is checked without editing this test.
 */
class NullMarkedPackagesTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern NULL_MARKED =
            Pattern.compile("(?s)/\\*\\*\\s*\\*?\\s*\\S.*?\\*/\\s*@NullMarked\\s+package\\s+[\\w.]+;.*"
                    + "import\\s+org\\.jspecify\\.annotations\\.NullMarked;.*");

    @Test
    void everyPackageOfEveryModuleIsNullMarkedWithADescription() {
        List<Path> sourceRoots = sourceRoots();
        assertThat(sourceRoots)
                .as("source roots found from the parent pom")
                .hasSizeGreaterThan(3)
                .contains(ROOT.resolve("monitor-core/src/main/java"));

        List<String> unmarked = new ArrayList<>();
        int packages = 0;
        for (Path root : sourceRoots) {
            for (Path dir : packageDirectories(root)) {
                packages++;
                Path info = dir.resolve("package-info.java");
                String where = ROOT.relativize(dir).toString();
                if (!Files.exists(info)) {
                    unmarked.add(where + ": no package-info.java");
                } else if (!NULL_MARKED.matcher(read(info)).matches()) {
                    unmarked.add(where + ": package-info.java without a Javadoc and @NullMarked (org.jspecify)");
                }
            }
        }
        assertThat(packages).as("packages found").isGreaterThan(20);
        assertThat(unmarked).as("packages that are not @NullMarked").isEmpty();
    }

    @Test
    void theCompiledPackagesOfThisModuleCarryTheAnnotation() {
        // the source check above reads text; this one asks the class files, so a package-info that
        // does not compile into the annotation (a typo, another NullMarked) is caught too
        List<String> missing = new ArrayList<>();
        for (Path dir : packageDirectories(ROOT.resolve("monitor-core/src/main/java"))) {
            String pkg = ROOT.resolve("monitor-core/src/main/java")
                    .relativize(dir)
                    .toString()
                    .replace(dir.getFileSystem().getSeparator(), ".");
            try {
                Class<?> info = Class.forName(pkg + ".package-info");
                if (!info.isAnnotationPresent(NullMarked.class)) {
                    missing.add(pkg);
                }
            } catch (ClassNotFoundException e) {
                missing.add(pkg + " (no compiled package-info)");
            }
        }
        assertThat(missing).isEmpty();
    }

    private static List<Path> sourceRoots() {
        List<Path> roots = new ArrayList<>();
        Matcher m = MODULE.matcher(read(ROOT.resolve("pom.xml")));
        while (m.find()) {
            Path src = ROOT.resolve(m.group(1).trim()).resolve("src/main/java");
            if (Files.isDirectory(src)) {
                roots.add(src);
            }
        }
        return roots;
    }

    /** Directories under {@code root} that hold at least one Java type. */
    private static java.util.SortedSet<Path> packageDirectories(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            TreeSet<Path> dirs = new TreeSet<>();
            files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().equals("package-info.java"))
                    .filter(f -> !f.getFileName().toString().equals("module-info.java")) // not a package
                    .forEach(f -> dirs.add(f.getParent()));
            return dirs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
