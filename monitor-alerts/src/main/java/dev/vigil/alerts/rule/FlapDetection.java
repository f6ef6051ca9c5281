package dev.vigil.alerts.rule;

/**
 * Flap detection thresholds, in percent state change (Nagios' {@code low_flap_threshold} and
 * {@code high_flap_threshold}). Flapping starts at {@code >= high} and stops at {@code <= low}.
 *
 * <pre>{@code
 * Rule.threshold("cpu").metric("system.cpu.usage").warnAbove(0.9).flapDetection(FlapDetection.DEFAULT);
 * }</pre>
 *
 * @param low stop threshold, percent
 * @param high start threshold, percent
 */
public record FlapDetection(double low, double high) {

    /** Nagios' sample configuration: 5% and 20%. */
    public static final FlapDetection DEFAULT = new FlapDetection(5.0, 20.0);

    public FlapDetection {
        if (!(low >= 0 && low <= 100)) {
            throw new IllegalArgumentException("flap low threshold must be within 0..100, got " + low);
        }
        if (!(high >= 0 && high <= 100)) {
            throw new IllegalArgumentException("flap high threshold must be within 0..100, got " + high);
        }
        if (low > high) {
            throw new IllegalArgumentException("flap low threshold " + low + " must not exceed high threshold " + high);
        }
    }
}
