package dev.vigil.core.internal;

/**
 * Fixed-width lower-case hex, as {@code String.format("%016x", v)} writes it, without a {@link
 * java.util.Formatter}: fingerprints are made on the way of every alert that fires, too rarely
 * for the code to be compiled, where a formatter costs tens of microseconds.
 */
public final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    /** {@code value} as 16 hex digits, leading zeros kept. */
    public static String of(long value) {
        char[] out = new char[16];
        long v = value;
        for (int i = 15; i >= 0; i--) {
            out[i] = DIGITS[(int) (v & 0xf)];
            v >>>= 4;
        }
        return new String(out);
    }
}
