package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.core.Monitor;
import dev.vigil.dashboard.Dashboard;
import dev.vigil.notify.Notifications;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No package of the library depends, through any chain, on a package that depends back on it: the
 * JDK's own {@code jdeps} reads the compiled classes of every library module, and any strongly
 * connected set of more than one package fails the test, named with the edges that close it.
 */
class PackageCyclesTest {

    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.vigil\\S*)\\s+->\\s+(dev\\.vigil\\S*)\\s");

    @Test
    void noPackageOfTheLibraryDependsBackOnItself(@TempDir Path dir) throws Exception {
        List<Path> modules = new ArrayList<>();
        for (Class<?> type : List.of(Monitor.class, AlertEngine.class, Notifications.class, Dashboard.class)) {
            modules.add(classesWithoutDescriptor(location(type), dir.resolve(type.getSimpleName())));
        }
        String classPath = modules.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        Map<String, Set<String>> edges = new TreeMap<>();
        for (Path module : modules) {
            ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
            StringWriter out = new StringWriter();
            int rc = jdeps.run(
                    new PrintWriter(out),
                    new PrintWriter(out),
                    "-verbose:package",
                    "-filter:none",
                    "--multi-release",
                    "base",
                    "-cp",
                    classPath,
                    module.toString());
            assertThat(rc).as("jdeps on %s:%n%s", module, out).isZero();
            for (String line : out.toString().split("\\R", -1)) {
                Matcher m = EDGE.matcher(line);
                if (m.find() && !m.group(1).equals(m.group(2))) {
                    edges.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
                }
            }
        }
        assertThat(edges).as("jdeps found the library's packages").containsKeys("dev.vigil.alerts", "dev.vigil.notify");

        List<Set<String>> cycles = cycles(edges);

        assertThat(cycles)
                .as("package cycles (edges: %s)", cycleEdges(cycles, edges))
                .isEmpty();
    }

    /**
     * The package-to-package graph is the question, not the module graph: a copy of the classes
     * without {@code module-info.class}, which jdeps would otherwise resolve with every module it
     * requires.
     */
    private static Path classesWithoutDescriptor(Path classes, Path copy) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".class"))
                    .filter(f -> !f.getFileName().toString().equals("module-info.class"))
                    .toList()) {
                Path target = copy.resolve(classes.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        return copy;
    }

    /**
     * Where {@code type}'s module was built: its class directory, also when the build ran to
     * {@code verify} and the tests see the module's jar (jdeps reads a jar with a module descriptor
     * as a module and would need every module it requires).
     */
    private static Path location(Class<?> type) throws URISyntaxException {
        Path location =
                Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path classes = location.resolveSibling("classes");
        return Files.isRegularFile(location) && Files.isDirectory(classes) ? classes : location;
    }

    /** Strongly connected sets of more than one package (Tarjan's algorithm, iterative). */
    static List<Set<String>> cycles(Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> found = new ArrayList<>();
        int[] next = {0};
        for (String root : edges.keySet()) {
            if (!index.containsKey(root)) {
                connect(root, edges, index, low, stack, onStack, found, next);
            }
        }
        return found;
    }

    private static void connect(
            String v,
            Map<String, Set<String>> edges,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<Set<String>> found,
            int[] next) {
        index.put(v, next[0]);
        low.put(v, next[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, edges, index, low, stack, onStack, found, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }

    private static List<String> cycleEdges(List<Set<String>> cycles, Map<String, Set<String>> edges) {
        List<String> named = new ArrayList<>();
        for (Set<String> cycle : cycles) {
            for (String from : cycle) {
                for (String to : edges.getOrDefault(from, Set.of())) {
                    if (cycle.contains(to)) {
                        named.add(from + " -> " + to);
                    }
                }
            }
        }
        return named;
    }

    @Test
    void theCycleFinderFindsACycleThroughThreePackages() {
        Map<String, Set<String>> edges =
                Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"), "d", Set.of());

        assertThat(cycles(edges)).containsExactly(Set.of("a", "b", "c"));
    }
}
