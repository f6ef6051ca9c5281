package dev.vigil.alerts.rulefile;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.core.internal.Require;
import dev.vigil.core.internal.Threads;
import dev.vigil.core.metric.MetricKind;
import dev.vigil.core.metric.SeriesDescriptor;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.MetricSource;
import dev.vigil.core.source.SampleSink;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an {@link AlertEngine}'s rules in step with rule files. The files are watched with the
 * JDK's {@code WatchService}, and checked every {@link Builder#checkInterval(Duration)} as well
 * (a watch misses changes on some network filesystems and through some symlink swaps). A file is
 * reloaded when its content changed:
 * <ul>
 * <li>valid files replace the engine's rules, applied at its next evaluation
 *     ({@link AlertEngine#replaceRules}): unchanged rules keep their alerts, removed rules resolve
 *     theirs, a changed rule starts over;</li>
 * <li>an invalid file keeps the previous rules running; the error is logged once and exposed by
 *     {@link #lastError()} and the self-metric {@code vigil.rulefiles.valid} (0) from
 *     {@link #metrics()}.</li>
 * </ul>
 *
 * <pre>{@code
 * RuleFileWatcher watcher = RuleFileWatcher.builder(engine, RuleFileLoader.builder().build())
 *         .files(List.of(Path.of("/etc/myapp/rules.yml"))).start();
 * Monitor monitor = Monitor.builder().source(watcher.metrics()).listener(engine).start();
 * }</pre>
 */
public final class RuleFileWatcher implements AutoCloseable {

    /** Default period of the fallback check. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(RuleFileWatcher.class);

    private final AlertEngine engine;
    private final RuleFileLoader loader;
    private final List<Path> files;
    private final List<Rule> baseRules;
    private final Duration checkInterval;
    private final Object lock = new Object();
    private byte @Nullable [] lastDigest;
    private LoadedRules current = new LoadedRules(List.of());
    private @Nullable RuleFileException lastError;
    private long reloads;
    private long failures;
    private volatile boolean closed;
    private @Nullable WatchService watchService;
    private @Nullable Thread thread;

    private RuleFileWatcher(Builder b) {
        this.engine = b.engine;
        this.loader = b.loader;
        this.files = List.copyOf(b.files);
        this.baseRules = List.copyOf(b.baseRules);
        this.checkInterval = b.checkInterval;
    }

    /** A watcher that keeps {@code engine}'s rules from files read by {@code loader}. */
    public static Builder builder(AlertEngine engine, RuleFileLoader loader) {
        return new Builder(engine, loader);
    }

    /**
     * Reads the files if their content changed since the last check and, when they are valid,
     * hands the rules to the engine. Called by the watch thread; call it directly to check now.
     *
     * @return whether the engine was given new rules
     */
    public boolean checkNow() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            byte[] digest = digest();
            if (Arrays.equals(digest, lastDigest)) {
                return false;
            }
            lastDigest = digest;
            LoadedRules loaded;
            try {
                loaded = loader.load(files);
            } catch (RuleFileException e) {
                failures++;
                if (lastError == null || !lastError.getMessage().equals(e.getMessage())) {
                    log.error("Vigil rule files are invalid; the previous rules stay in force:\n{}", e.getMessage());
                }
                lastError = e;
                return false;
            }
            List<Rule> all = new ArrayList<>(baseRules);
            all.addAll(loaded.rules());
            try {
                engine.replaceRules(all);
            } catch (IllegalArgumentException e) { // a file's rule named like a rule from code
                failures++;
                RuleFileError error = new RuleFileError(files.get(0), 1, 1, "(rules)", "", e.getMessage());
                lastError = new RuleFileException(List.of(error));
                log.error("Vigil rule files conflict with the application's rules: {}", e.getMessage());
                return false;
            }
            if (lastError != null) {
                log.info(
                        "Vigil rule files are valid again: {} rules",
                        loaded.entries().size());
            }
            lastError = null;
            current = loaded;
            reloads++;
            return true;
        }
    }

    /** The problems of the files' latest content if it was refused; {@code null} while the files are valid. */
    public @Nullable RuleFileException lastError() {
        synchronized (lock) {
            return lastError;
        }
    }

    /** The rules last handed to the engine from the files. */
    public LoadedRules current() {
        synchronized (lock) {
            return current;
        }
    }

    /**
     * Self-metrics: {@code vigil.rulefiles.valid} (1 while the files' latest content is in force,
     * 0 when it was refused), {@code vigil.rulefiles.rules} and the counters
     * {@code vigil.rulefiles.reloads} and {@code vigil.rulefiles.failures}.
     */
    public MetricSource metrics() {
        return new MetricSource() {
            @Override
            public void sample(SampleSink sink) {
                synchronized (lock) {
                    sink.gauge("vigil.rulefiles.valid", lastError == null ? 1 : 0);
                    sink.gauge("vigil.rulefiles.rules", current.entries().size());
                    sink.counter("vigil.rulefiles.reloads", Unit.PER_SECOND, (double) reloads);
                    sink.counter("vigil.rulefiles.failures", Unit.PER_SECOND, (double) failures);
                }
            }

            @Override
            public String name() {
                return "rule-files";
            }

            @Override
            public boolean mayBlock() {
                return false;
            }

            @Override
            public List<SeriesDescriptor> describe() {
                return List.of(
                        SeriesDescriptor.gauge(
                                "vigil.rulefiles.valid",
                                Unit.NONE,
                                "1 while the rule files' latest content is in force, 0 when it was refused"),
                        SeriesDescriptor.gauge("vigil.rulefiles.rules", Unit.NONE, "rules loaded from rule files"),
                        new SeriesDescriptor(
                                "vigil.rulefiles.reloads",
                                Unit.PER_SECOND,
                                MetricKind.COUNTER,
                                List.of(),
                                "rule file reloads applied",
                                null),
                        new SeriesDescriptor(
                                "vigil.rulefiles.failures",
                                Unit.PER_SECOND,
                                MetricKind.COUNTER,
                                List.of(),
                                "rule file reloads refused",
                                null));
            }
        };
    }

    /** Digest of every file's content (a missing file counts as a content of its own). */
    private byte[] digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                md.update(f.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try {
                    md.update((byte) 1);
                    md.update(Files.readAllBytes(f));
                } catch (IOException e) {
                    md.update((byte) 0);
                }
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private void watchLoop() {
        while (!closed) {
            try {
                WatchKey key = watchService.poll(checkInterval.toMillis(), TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents(); // which file changed does not matter: the digest decides
                    key.reset();
                }
                checkNow();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Vigil rule file check failed; retrying at the next check", e);
            }
        }
    }

    /** Stops watching. The engine keeps its rules. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        WatchService ws = watchService;
        if (ws != null) {
            try {
                ws.close();
            } catch (IOException e) {
                log.debug("closing the rule file watch service", e);
            }
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Builds and starts a {@link RuleFileWatcher}. */
    public static final class Builder {
        private final AlertEngine engine;
        private final RuleFileLoader loader;
        private final Set<Path> files = new LinkedHashSet<>();
        private final List<Rule> baseRules = new ArrayList<>();
        private Duration checkInterval = DEFAULT_CHECK_INTERVAL;
        private boolean watch = true;

        private Builder(AlertEngine engine, RuleFileLoader loader) {
            this.engine = Objects.requireNonNull(engine, "engine");
            this.loader = Objects.requireNonNull(loader, "loader");
        }

        /** The rule files, read in order. */
        public Builder files(Collection<Path> paths) {
            for (Path p : paths) {
                files.add(Objects.requireNonNull(p, "file").toAbsolutePath().normalize());
            }
            return this;
        }

        /** Rules from code that stay in force beside the files' (the engine's rules are replaced whole). */
        public Builder baseRules(Collection<Rule> rules) {
            for (Rule r : rules) {
                baseRules.add(Objects.requireNonNull(r, "rule"));
            }
            return this;
        }

        /** Period of the fallback check (default 30 s). */
        public Builder checkInterval(Duration interval) {
            Require.positive("checkInterval", interval);
            this.checkInterval = interval;
            return this;
        }

        /**
         * No watch thread: the files are read only by {@link RuleFileWatcher#checkNow()} (for
         * tests on the manual clock, and applications that reload on a signal of their own).
         */
        public Builder manualChecks() {
            this.watch = false;
            return this;
        }

        /**
         * Reads the files once (an invalid file is reported by {@link RuleFileWatcher#lastError()}
         * and the engine keeps its rules) and starts watching them.
         *
         * @throws IOException when the files' directories cannot be watched
         */
        public RuleFileWatcher start() throws IOException {
            if (files.isEmpty()) {
                throw new IllegalArgumentException("a rule file watcher needs at least one file");
            }
            RuleFileWatcher w = new RuleFileWatcher(this);
            w.checkNow();
            if (watch) {
                w.watchService = FileSystems.getDefault().newWatchService();
                Set<Path> dirs = new LinkedHashSet<>();
                for (Path f : w.files) {
                    dirs.add(f.getParent());
                }
                for (Path d : dirs) {
                    d.register(
                            w.watchService,
                            StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
                w.thread = Threads.start(null, "vigil-rule-files", w::watchLoop);
            }
            return w;
        }
    }
}
