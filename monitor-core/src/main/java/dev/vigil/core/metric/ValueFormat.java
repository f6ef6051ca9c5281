package dev.vigil.core.metric;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Formats values for humans by unit: bytes as GiB/MiB/KiB, ratios as percent, seconds as
 * durations, epoch seconds as an instant.
 *
 * <pre>{@code
 * ValueFormat.format(0.923, Unit.RATIO);        // "92.3%"
 * ValueFormat.format(5.5 * (1L << 30), Unit.BYTES); // "5.5 GiB"
 * ValueFormat.format(3725, Unit.SECONDS);       // "1h 2m 5s"
 * }</pre>
 */
public final class ValueFormat {

    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ValueFormat() {}

    /** {@code value} formatted for {@code unit}; {@code NaN} reads "no data". */
    public static String format(double value, @Nullable Unit unit) {
        if (Double.isNaN(value)) {
            return "no data";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+inf" : "-inf";
        }
        Unit u = unit == null ? Unit.NONE : unit;
        return switch (u) {
            case BYTES -> bytes(value);
            case BYTES_PER_SECOND -> bytes(value) + "/s";
            case RATIO, SECONDS_PER_SECOND -> number(value * 100, 1) + "%";
            case SECONDS -> duration(value);
            case PER_SECOND -> number(value, 2) + "/s";
            case CORES -> number(value, 2) + " cores";
            case EPOCH_SECONDS -> Instant.ofEpochMilli(Math.round(value * 1000)).toString();
            case NONE -> number(value, 3);
        };
    }

    /** A plain number with at most {@code decimals} decimals, trailing zeros dropped. */
    public static String number(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        BigDecimal d = BigDecimal.valueOf(value)
                .setScale(decimals, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        if (d.signum() == 0) {
            return "0";
        }
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    private static String bytes(double value) {
        double abs = Math.abs(value);
        int i = 0;
        while (abs >= 1024 && i < BINARY.length - 1) {
            abs /= 1024;
            i++;
        }
        return number(Math.copySign(abs, value), i == 0 ? 0 : 1) + " " + BINARY[i];
    }

    private static String duration(double seconds) {
        double abs = Math.abs(seconds);
        String sign = seconds < 0 ? "-" : "";
        if (abs < 1) {
            return sign + number(abs * 1000, 0) + " ms";
        }
        if (abs < 60) {
            return sign + number(abs, 1) + " s";
        }
        long total = Math.round(abs);
        long days = total / 86_400;
        long hours = total % 86_400 / 3600;
        long minutes = total % 3600 / 60;
        long secs = total % 60;
        StringBuilder sb = new StringBuilder(sign);
        if (days > 0) {
            sb.append(days).append("d ");
        }
        if (days > 0 || hours > 0) {
            sb.append(hours).append("h ");
        }
        sb.append(minutes).append('m');
        if (days == 0) {
            sb.append(' ').append(secs).append('s');
        }
        return sb.toString();
    }
}
