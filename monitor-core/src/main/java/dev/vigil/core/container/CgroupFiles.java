package dev.vigil.core.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading cgroup and proc files. A missing file is an absent value ({@code NaN}), as is a limit
 * written as {@code max} or as one of v1's near-{@code Long.MAX_VALUE} "unlimited" numbers.
 */
final class CgroupFiles {

    /**
     * Limits at or above this are "unlimited": v1 writes 9223372036854771712 (page-aligned
     * Long.MAX_VALUE) and nothing real reaches an exbibyte.
     */
    static final double UNLIMITED = 0x1p60;

    private CgroupFiles() {}

    /** The file's lines, or an empty list when it does not exist. */
    static List<String> lines(Path file) throws IOException {
        if (file == null) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** The single number in the file, or NaN when the file is missing or empty. */
    static double number(Path file) throws IOException {
        List<String> lines = lines(file);
        return lines.isEmpty() || lines.get(0).isBlank()
                ? Double.NaN
                : Double.parseDouble(lines.get(0).trim());
    }

    /** A limit: NaN when missing, {@code max}, negative (v1's -1) or unlimited. */
    static double limit(Path file) throws IOException {
        List<String> lines = lines(file);
        return lines.isEmpty() ? Double.NaN : limit(lines.get(0).trim());
    }

    static double limit(String text) {
        if (text.isEmpty() || text.equals("max")) {
            return Double.NaN;
        }
        double value = Double.parseDouble(text);
        return value < 0 || value >= UNLIMITED ? Double.NaN : value;
    }

    /** {@code key value} lines (cpu.stat, memory.stat, memory.events) as a map. */
    static Map<String, Double> keyValues(Path file) throws IOException {
        Map<String, Double> map = new HashMap<>();
        for (String line : lines(file)) {
            String[] parts = line.trim().split("\\s+", -1);
            if (parts.length == 2) {
                map.put(parts[0], Double.parseDouble(parts[1]));
            }
        }
        return map;
    }

    /** The value of {@code key}, or NaN when absent. */
    static double get(Map<String, Double> map, String key) {
        Double v = map.get(key);
        return v == null ? Double.NaN : v;
    }
}
