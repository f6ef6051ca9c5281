package dev.vigil.spring;

import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.rule.Rule;
import dev.vigil.alerts.rulefile.RuleFileError;
import dev.vigil.alerts.rulefile.RuleFileException;
import dev.vigil.alerts.rulefile.RuleFileLoader;
import dev.vigil.alerts.rulefile.RuleFileWatcher;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The rule files of {@code vigil.rules.files}, kept in force in the {@link AlertEngine} by a
 * {@link RuleFileWatcher}: read once at startup (a file with an error stops startup, naming the
 * property and each error's file, line and column), then reloaded whenever a file's content
 * changes; an invalid edit keeps the previous rules, and its errors show in the {@code vigil}
 * health details and in {@code /actuator/vigil} until the files are valid again. Closed with the
 * context (it stops watching; the engine keeps its rules).
 *
 * <pre class="language-yaml">{@code
 * vigil.rules.files: [/etc/shop/rules.yml, classpath:vigil/rules.yml]
 * }</pre>
 */
public final class VigilRuleFiles implements AutoCloseable {

    static final String PROPERTY = "vigil.rules.files";

    /** {@code classpath:}, {@code file:} and other resource prefixes; a one-letter one is a Windows drive. */
    private static final Pattern LOCATION_PREFIX = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");

    private final List<Path> files;
    private final @Nullable RuleFileWatcher watcher;

    private VigilRuleFiles(List<Path> files, RuleFileWatcher watcher) {
        this.files = List.copyOf(files);
        this.watcher = watcher;
    }

    /** No rule files configured: nothing is watched. */
    static VigilRuleFiles none() {
        return new VigilRuleFiles(List.of(), null);
    }

    /**
     * Resolves {@code locations}, loads them (failing with {@link InvalidVigilPropertyException}
     * on any error) and starts watching them. The engine's current rules (packs, properties,
     * {@code Rule} beans) stay in force beside the files'.
     */
    static VigilRuleFiles start(
            List<String> locations,
            ResourceLoader resources,
            AlertEngine engine,
            RuleFileLoader loader,
            Duration checkInterval) {
        Map<Path, String> byFile = new LinkedHashMap<>();
        for (int i = 0; i < locations.size(); i++) {
            String property = PROPERTY + "[" + i + "]";
            byFile.putIfAbsent(resolve(property, locations.get(i), resources), property);
        }
        List<Path> files = new ArrayList<>(byFile.keySet());
        try {
            loader.load(files);
        } catch (RuleFileException e) {
            RuleFileError first = e.errors().get(0);
            String property = byFile.getOrDefault(first.file().toAbsolutePath().normalize(), PROPERTY);
            String value = property.equals(PROPERTY)
                    ? String.join(",", locations)
                    : locations.get(Integer.parseInt(property.substring(PROPERTY.length() + 1, property.length() - 1)));
            throw new InvalidVigilPropertyException(property, value, "the rule file is invalid:\n" + e.getMessage());
        }
        List<Rule> base = List.copyOf(engine.rules());
        String all = String.join(",", locations);
        RuleFileWatcher watcher;
        try {
            watcher = RuleFileWatcher.builder(engine, loader)
                    .files(files)
                    .baseRules(base)
                    .checkInterval(checkInterval)
                    .start();
        } catch (IOException e) {
            throw new InvalidVigilPropertyException(
                    PROPERTY, all, "the rule files' directories cannot be watched: " + e.getMessage());
        }
        // The watcher's first check read the files again and handed their rules to the engine; it
        // refuses what the loader alone cannot see (a file's rule named like a rule from code),
        // and an edit made since the load above.
        RuleFileException error = watcher.lastError();
        if (error != null) {
            watcher.close();
            throw new InvalidVigilPropertyException(
                    PROPERTY, all, "the rule files are invalid:\n" + error.getMessage());
        }
        return new VigilRuleFiles(files, watcher);
    }

    private static Path resolve(String property, String location, ResourceLoader resources) {
        if (location == null || location.isBlank()) {
            throw new InvalidVigilPropertyException(
                    property, location, "a rule file's path or resource location is required");
        }
        String trimmed = location.trim();
        if (!LOCATION_PREFIX.matcher(trimmed).matches()) {
            try {
                return Path.of(trimmed).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new InvalidVigilPropertyException(property, location, "not a file path: " + e.getMessage());
            }
        }
        Resource resource = resources.getResource(trimmed);
        try {
            return resource.getFile().toPath().toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new InvalidVigilPropertyException(
                    property,
                    location,
                    "does not resolve to a file on the file system (" + e.getMessage() + "); rule files are "
                            + "watched for changes, so they must be files: a path, a file: location, or a "
                            + "classpath: location outside a jar");
        }
    }

    /** The files read, absolute; empty when none is configured. */
    public List<Path> files() {
        return files;
    }

    /** The watcher, or {@code null} when no file is configured. */
    public @Nullable RuleFileWatcher watcher() {
        return watcher;
    }

    /** What health and the endpoint show: the files, whether their latest content is in force, and its errors. */
    public Status status() {
        if (watcher == null) {
            return new Status(List.of(), true, 0, List.of());
        }
        RuleFileException error = watcher.lastError();
        List<String> errors = error == null
                ? List.of()
                : error.errors().stream().map(RuleFileError::toString).toList();
        return new Status(
                files.stream().map(Path::toString).toList(),
                errors.isEmpty(),
                watcher.current().entries().size(),
                errors);
    }

    /** Stops watching; the engine keeps its rules. Idempotent. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    /**
     * The rule files' state.
     *
     * @param files the files, absolute
     * @param valid whether their latest content is in force (false: an edit was refused and the previous rules run)
     * @param rules how many rules the files contribute
     * @param errors the refused content's errors, each {@code file:line:column: field 'value': message}
     */
    public record Status(List<String> files, boolean valid, int rules, List<String> errors) {
        public Status {
            files = List.copyOf(files);
            errors = List.copyOf(errors);
        }
    }
}
