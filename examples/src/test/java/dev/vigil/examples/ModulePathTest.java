package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vigil runs on the module path as the README's "Modules" section says: an application module
 * that requires Vigil's modules compiles, starts with the README's command line, reads the host,
 * fires an alert to its own notifier and serves the dashboard's uPlot from its WebJar;
 * {@code dev.vigil.core.internal} is closed to it, both to the compiler and to reflection, and
 * open to Vigil's own modules.
 *
 * <p>The {@code --add-modules} value is the README's: only monitor-core has a descriptor, and the
 * automatic modules above it cannot say which modules (Jackson, Jakarta Mail, {@code jdk.httpserver})
 * they need.
 *
 * <p>Everything runs in a child JVM with no class path at all. In the {@code test} phase Maven
 * hands this test the other modules' class directories; a directory without a descriptor is
 * packaged here as the jar plugin packages it, with the {@code Automatic-Module-Name} its pom
 * gives, because only a jar can be an automatic module.
 */
class ModulePathTest {

    /**
     * Test libraries, and the starter and Spring (here only for JavadocExamplesCompileTest): they
     * are not dependencies of the application module and stay off the module path.
     */
    private static final List<String> TEST_LIBRARIES = List.of(
            "/org/junit/",
            "/org/opentest4j/",
            "/org/apiguardian/",
            "/org/assertj/",
            "/org/awaitility/",
            "/org/hamcrest/",
            "/net/bytebuddy/",
            "/surefire",
            "/org/springframework/",
            "/vigil-spring-boot-starter/");

    private static final Pattern MODULE_NAME =
            Pattern.compile("<Automatic-Module-Name>([\\w.]+)</Automatic-Module-Name>");

    private static final String APP_MODULE = """
            module quickstart.app {
                requires dev.vigil.core;
                requires dev.vigil.alerts;
                requires dev.vigil.notify;
                requires dev.vigil.dashboard;
                requires java.net.http;
            }
            """;

    private static final String APP_MAIN = """
            package app;

            import dev.vigil.alerts.AlertEngine;
            import dev.vigil.alerts.rule.Rule;
            import dev.vigil.core.Monitor;
            import dev.vigil.core.host.HostMetrics;
            import dev.vigil.core.jvm.JvmMetrics;
            import dev.vigil.core.metric.MetricId;
            import dev.vigil.core.source.Sources;
            import dev.vigil.dashboard.Dashboard;
            import dev.vigil.notify.DeliveryResult;
            import dev.vigil.notify.Notifications;
            import dev.vigil.notify.notifier.LogNotifier;
            import dev.vigil.notify.Route;
            import java.net.URI;
            import java.net.http.HttpClient;
            import java.net.http.HttpRequest;
            import java.net.http.HttpResponse;
            import java.time.Duration;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;

            public class Main {
                public static void main(String[] args) throws Exception {
                    CountDownLatch paged = new CountDownLatch(1);
                    CountDownLatch hostRead = new CountDownLatch(1); // OSHI works from the module path
                    var delivery = Notifications.builder()
                            .route(Route.all().to(n -> {
                                        System.out.println("notified: " + n.alerts().get(0).name());
                                        paged.countDown();
                                        return DeliveryResult.delivered();
                                    })
                                    .groupWait(Duration.ofMillis(100)))
                            .defaultReceivers(LogNotifier.create())
                            .build();
                    var alerts = AlertEngine.builder()
                            .rule(Rule.threshold("modules-work").metric("app.modules.ready").critAbove(0.5))
                            .listener(delivery)
                            .build();
                    try (var monitor = Monitor.builder()
                            .every(Duration.ofMillis(200))
                            .source(HostMetrics.create())
                            .source(JvmMetrics.create())
                            .source(Sources.gauge("app.modules.ready", () -> 1))
                            .listener(alerts)
                            .listener(tick -> {
                                if (tick.value(MetricId.of("system.memory.total")) > 0) {
                                    hostRead.countDown();
                                }
                            })
                            .start();
                         var dashboard = Dashboard.builder().monitor(monitor).alerts(alerts).notifications(delivery)
                            .port(0).start()) {
                        if (!paged.await(60, TimeUnit.SECONDS) || !hostRead.await(60, TimeUnit.SECONDS)) {
                            throw new AssertionError("no notification or no host memory within 60 s");
                        }
                        System.out.println("host memory read: true");
                        HttpResponse<String> uplot = HttpClient.newHttpClient().send(
                                HttpRequest.newBuilder(dashboard.url().resolve("/assets/uPlot.iife.min.js")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        System.out.println("uplot: " + uplot.statusCode() + " " + uplot.body().contains("uPlot"));
                    }
                    Module core = Monitor.class.getModule();
                    System.out.println("core is named: " + core.getName());
                    System.out.println("internal exported to the app: "
                            + core.isExported("dev.vigil.core.internal", Main.class.getModule()));
                    System.out.println("internal exported to dev.vigil.alerts: "
                            + core.isExported("dev.vigil.core.internal", AlertEngine.class.getModule()));
                    try {
                        Class.forName("dev.vigil.core.internal.NativeAccess").getMethod("jnaQuiet").invoke(null);
                        System.out.println("internal call: allowed");
                    } catch (IllegalAccessException e) {
                        System.out.println("internal call: refused: " + e.getMessage());
                    }
                }
            }
            """;

    private static final String INTRUDER_MAIN = """
            package intruder;

            public class Main {
                public static void main(String[] args) {
                    System.out.println(dev.vigil.core.internal.NativeAccess.jnaQuiet());
                }
            }
            """;

    @Test
    void anApplicationModuleRunsTheQuickstartApiOnTheModulePathAndCannotReadTheInternalPackage(@TempDir Path dir)
            throws Exception {
        ChildJvm run = runApp(dir, Path.of(System.getProperty("java.home"), "bin", "java"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("notified: modules-work")
                .contains("host memory read: true")
                .contains("uplot: 200 true")
                .contains("core is named: dev.vigil.core")
                .contains("internal exported to the app: false")
                .contains("internal exported to dev.vigil.alerts: true")
                .contains("internal call: refused: ")
                .contains("does not export dev.vigil.core.internal to module quickstart.app");
    }

    @Test
    void onJdk24OrLaterVigilNamesTheOptionThatGrantsJnaNativeAccessOnTheModulePath(@TempDir Path dir) throws Exception {
        Optional<Path> java = CurrentJdkTest.currentJdk();
        assumeThat(java).as("a JDK 24 or later under /usr/lib/jvm").isPresent();
        ChildJvm run = runApp(dir, java.get());
        assertThat(run.exitCode()).as(run.output()).isZero();
        // on the class path the option is ALL-UNNAMED, which grants nothing to JNA's module
        assertThat(run.output()).contains("start the JVM with --enable-native-access=com.sun.jna");
    }

    @Test
    void codeInAnApplicationModuleNamingTheInternalPackageDoesNotCompile(@TempDir Path dir) throws IOException {
        String modulePath = modulePath(dir.resolve("jars"));
        String errors = compile(
                dir.resolve("intruder"),
                modulePath,
                "module intruder { requires dev.vigil.core; }",
                "intruder/Main.java",
                INTRUDER_MAIN);
        assertThat(errors)
                .contains("package dev.vigil.core.internal is declared in module dev.vigil.core, "
                        + "which does not export it to module intruder");
    }

    @Test
    void everyVigilModuleHasTheNameTheReadmeGives(@TempDir Path dir) throws IOException {
        String modulePath = modulePath(dir.resolve("jars"));
        List<String> names = finder(modulePath).findAll().stream()
                .map(m -> m.descriptor().name())
                .filter(n -> n.startsWith("dev.vigil"))
                .sorted()
                .toList();
        assertThat(names)
                .containsExactly(
                        "dev.vigil.alerts",
                        "dev.vigil.core",
                        "dev.vigil.dashboard",
                        "dev.vigil.notify",
                        "dev.vigil.test");
        String readme = Files.readString(Path.of("..", "README.md"));
        names.forEach(
                name -> assertThat(readme).as("README names module " + name).contains("`" + name + "`"));
    }

    @Test
    void coreExportsEveryPackageButTheInternalOneWhichOnlyVigilsModulesRead(@TempDir Path dir) throws IOException {
        String modulePath = modulePath(dir.resolve("jars"));
        ModuleDescriptor core =
                finder(modulePath).find("dev.vigil.core").orElseThrow().descriptor();
        assertThat(core.isAutomatic()).isFalse();
        Set<String> everywhere = core.exports().stream()
                .filter(e -> !e.isQualified())
                .map(Exports::source)
                .collect(Collectors.toSet());
        Set<String> api = new TreeSet<>(core.packages());
        api.remove("dev.vigil.core.internal");
        assertThat(everywhere)
                .as("a new package of monitor-core is exported in its module-info.java")
                .isEqualTo(api);
        assertThat(core.exports())
                .filteredOn(Exports::isQualified)
                .singleElement()
                .satisfies(internal -> {
                    assertThat(internal.source()).isEqualTo("dev.vigil.core.internal");
                    assertThat(internal.targets())
                            .containsExactlyInAnyOrder(
                                    "dev.vigil.alerts", "dev.vigil.notify", "dev.vigil.dashboard", "dev.vigil.spring");
                });
    }

    private static ModuleFinder finder(String modulePath) {
        return ModuleFinder.of(
                Stream.of(modulePath.split(File.pathSeparator)).map(Path::of).toArray(Path[]::new));
    }

    /** Compiles the application module and runs it with {@code java} and the README's options. */
    private static ChildJvm runApp(Path dir, Path java) throws IOException, InterruptedException {
        String modulePath = modulePath(dir.resolve("jars"));
        Path app = dir.resolve("app");
        String errors = compile(app, modulePath, APP_MODULE, "app/Main.java", APP_MAIN);
        assertThat(errors).as("the application module compiles").isEmpty();
        return ChildJvm.run(
                dir.resolve("app.out"),
                java.toString(),
                "--module-path",
                app.resolve("classes") + File.pathSeparator + modulePath,
                "--add-modules",
                addModulesOfTheReadme(),
                "-m",
                "quickstart.app/app.Main");
    }

    /** The {@code --add-modules} value of the README's module path command line. */
    private static String addModulesOfTheReadme() throws IOException {
        Matcher m = Pattern.compile("java --module-path \\S+ --add-modules (\\S+) -m ")
                .matcher(Files.readString(Path.of("..", "README.md")));
        assertThat(m.find())
                .as("README.md gives a java --module-path ... --add-modules ... -m command line")
                .isTrue();
        return m.group(1);
    }

    /** Compiles one module from its descriptor and one class into {@code dir/classes}; returns the errors. */
    private static String compile(Path dir, String modulePath, String descriptor, String file, String code)
            throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve(file).getParent());
        Files.writeString(src.resolve("module-info.java"), descriptor);
        Files.writeString(src.resolve(file), code);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        try (var fm = compiler.getStandardFileManager(null, null, null)) {
            // an empty class path: in this JVM the compiler's default is the test's class path
            Path empty = Files.createDirectories(dir.resolve("empty"));
            List<String> options = List.of(
                    "--module-path",
                    modulePath,
                    "--class-path",
                    empty.toString(),
                    "-d",
                    dir.resolve("classes").toString(),
                    "-proc:none");
            compiler.getTask(
                            errors,
                            fm,
                            null,
                            options,
                            null,
                            fm.getJavaFileObjects(src.resolve("module-info.java"), src.resolve(file)))
                    .call();
        }
        return errors.toString();
    }

    /** This test's class path minus the test libraries and the examples module itself, as a module path. */
    private static String modulePath(Path jars) throws IOException {
        Files.createDirectories(jars);
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
            Path path = Path.of(entry).toAbsolutePath().normalize();
            String unix = path.toString().replace(File.separatorChar, '/');
            if (TEST_LIBRARIES.stream().anyMatch(unix::contains)
                    || path.startsWith(Path.of("target").toAbsolutePath())) {
                continue;
            }
            if (Files.isDirectory(path) && !path.endsWith(Path.of("target", "classes"))) {
                continue; // not a module's classes (a test-jar's or resource directory of the build)
            }
            if (Files.isDirectory(path) && !Files.exists(path.resolve("module-info.class"))) {
                path = packageAsAutomaticModule(path, jars);
            }
            entries.add(path.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A module's class directory as a jar named by its pom's {@code Automatic-Module-Name}. */
    private static Path packageAsAutomaticModule(Path classes, Path jars) throws IOException {
        Path pom = classes.getParent().getParent().resolve("pom.xml");
        Matcher name = MODULE_NAME.matcher(Files.readString(pom));
        assertThat(name.find()).as(pom + " gives an Automatic-Module-Name").isTrue();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Automatic-Module-Name", name.group(1));
        Path jar = jars.resolve(name.group(1) + ".jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
