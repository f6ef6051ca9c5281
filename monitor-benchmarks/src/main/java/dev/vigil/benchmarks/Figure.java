package dev.vigil.benchmarks;

import java.util.Objects;

/**
 * One measured figure of the suite, with its goal and whether this run met it.
 *
 * <pre>{@code
 * Figure f = Figure.atMost("history.append", "History append", 23.1, "ns", 50);
 * }</pre>
 *
 * @param id stable key in the JSON file
 * @param what what was measured, for the table
 * @param value the measured value
 * @param unit its unit
 * @param goal the goal as text, or empty when the figure has none (a baseline)
 * @param verdict whether the goal was met
 * @param note how to read it
 */
public record Figure(String id, String what, double value, String unit, String goal, Verdict verdict, String note) {

    /** Whether a figure met its goal. */
    public enum Verdict {
        MET,
        NOT_MET,
        NO_GOAL
    }

    public Figure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(note, "note");
    }

    /** A figure whose goal is at most {@code limit}. */
    public static Figure atMost(String id, String what, double value, String unit, double limit, String note) {
        return new Figure(
                id,
                what,
                value,
                unit,
                "≤ " + format(limit) + " " + unit,
                value <= limit ? Verdict.MET : Verdict.NOT_MET,
                note);
    }

    /** A figure whose goal is at least {@code limit}. */
    public static Figure atLeast(String id, String what, double value, String unit, double limit, String note) {
        return new Figure(
                id,
                what,
                value,
                unit,
                "≥ " + format(limit) + " " + unit,
                value >= limit ? Verdict.MET : Verdict.NOT_MET,
                note);
    }

    /** A figure with no goal: a baseline or context. */
    public static Figure info(String id, String what, double value, String unit, String note) {
        return new Figure(id, what, value, unit, "", Verdict.NO_GOAL, note);
    }

    /** A number in the table's style: three significant digits, thousands separated. */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(java.util.Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(java.util.Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(java.util.Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(java.util.Locale.ROOT, "%.2f", v);
        }
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
