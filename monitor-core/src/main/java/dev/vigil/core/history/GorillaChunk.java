package dev.vigil.core.history;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Gorilla's encoding of a run of samples (Pelkonen et al., "Gorilla: A Fast, Scalable,
 * In-Memory Time Series Database", VLDB 2015): times as deltas of deltas in variable-length
 * buckets, values as the XOR with the previous value, of which only the meaningful bits are
 * written. A steady series costs about a bit and a half per sample.
 *
 * <p>The stream, most significant bit first: the first time and the first value's bits in 64
 * bits each; then per sample the delta of delta ({@code 0}; {@code 10} + 7 bits; {@code 110} +
 * 9; {@code 1110} + 12; {@code 11110} + 32; {@code 11111} + 64, two's complement) and the XOR
 * ({@code 0} when equal; {@code 10} + the meaningful bits when they fit the previous window of
 * leading and trailing zeros; {@code 11} + 6 bits of leading zeros + 6 bits of length - 1 + the
 * bits). Values are kept as their raw bits: NaN payloads, infinities and -0.0 decode exactly.
 * Times differ from Gorilla's in the wider buckets (irregular ticks and epoch milliseconds);
 * arithmetic wraps, so any increasing sequence of longs decodes exactly.
 *
 * <p>A sealed chunk is a {@code long[]}: word 0 holds the sample count (high 32 bits) and the
 * stream's length in bits, word 1 the latest time, words 2 to 4 the bits of the sum, the minimum
 * and the maximum of its values (so a window covering the whole chunk needs no decoding for
 * those), the stream follows from word 5 (whose first word is thus the first time).
 */
final class GorillaChunk {

    static final int HEADER_WORDS = 5;

    private GorillaChunk() {}

    static int count(long[] chunk) {
        return (int) (chunk[0] >>> 32);
    }

    static int bitLength(long[] chunk) {
        return (int) chunk[0];
    }

    static long lastTime(long[] chunk) {
        return chunk[1];
    }

    static long firstTime(long[] chunk) {
        return chunk[HEADER_WORDS];
    }

    static double sum(long[] chunk) {
        return Double.longBitsToDouble(chunk[2]);
    }

    static double min(long[] chunk) {
        return Double.longBitsToDouble(chunk[3]);
    }

    static double max(long[] chunk) {
        return Double.longBitsToDouble(chunk[4]);
    }

    /** The first sample's value: the stream's second 64 bits. */
    static double firstValue(long[] chunk) {
        return Double.longBitsToDouble(chunk[HEADER_WORDS + 1]);
    }

    /** Words a sealed chunk of {@code bits} needs. */
    static int words(int bits) {
        return HEADER_WORDS + (bits + 63) / 64;
    }

    /** Appends samples to one chunk's stream. Reusable through {@link #reset()}. */
    static final class Encoder {
        private long[] words;
        private int bits;
        private int count;
        private long lastTime;
        private long previousDelta;
        private long previousBits;
        private int previousLeading = -1;
        private int previousTrailing;
        private double sum;
        private double min;
        private double max;
        private double firstValue;
        // The least-squares terms (LineFit) from the first time and value, kept in memory only.
        private double sumX;
        private double sumY;
        private double sumXX;
        private double sumXY;

        Encoder(int initialWords) {
            this.words = new long[Math.max(4, initialWords)];
        }

        int count() {
            return count;
        }

        int bits() {
            return bits;
        }

        long lastTime() {
            return lastTime;
        }

        long firstTime() {
            return words[0];
        }

        double sum() {
            return sum;
        }

        double min() {
            return min;
        }

        double max() {
            return max;
        }

        double firstValue() {
            return firstValue;
        }

        /** Writes the fit terms of the samples so far into {@code terms} at {@code at}, as {@link LineFit} lays them out. */
        void fitTerms(double[] terms, int at) {
            terms[at + LineFit.SX] = sumX;
            terms[at + LineFit.SY] = sumY;
            terms[at + LineFit.SXX] = sumXX;
            terms[at + LineFit.SXY] = sumXY;
        }

        /** The stream so far (shared: read only). */
        long[] words() {
            return words;
        }

        /** Bytes held by the stream buffer. */
        long allocatedBytes() {
            return 16L + 8L * words.length;
        }

        void reset() {
            Arrays.fill(words, 0, Math.min(words.length, (bits + 63) / 64 + 1), 0L);
            bits = 0;
            count = 0;
            previousLeading = -1;
        }

        /** Appends a sample; {@code t} must be greater than the previous time. */
        void append(long t, double v) {
            long valueBits = Double.doubleToRawLongBits(v);
            if (count == 0) {
                write(t, 64);
                write(valueBits, 64);
                previousDelta = 0;
                sum = v;
                min = v;
                max = v;
                firstValue = v;
                sumX = 0;
                sumY = 0;
                sumXX = 0;
                sumXY = 0;
            } else {
                sum += v;
                if (!(v >= min)) { // the comparisons of WindowStats, so both paths agree
                    min = v;
                }
                if (!(v <= max)) {
                    max = v;
                }
                long delta = t - lastTime;
                long dod = delta - previousDelta;
                if (dod == 0) {
                    write(0, 1);
                } else if (dod >= -64 && dod <= 63) {
                    write(0b10, 2);
                    write(dod, 7);
                } else if (dod >= -256 && dod <= 255) {
                    write(0b110, 3);
                    write(dod, 9);
                } else if (dod >= -2048 && dod <= 2047) {
                    write(0b1110, 4);
                    write(dod, 12);
                } else if (dod >= Integer.MIN_VALUE && dod <= Integer.MAX_VALUE) {
                    write(0b11110, 5);
                    write(dod, 32);
                } else {
                    write(0b11111, 5);
                    write(dod, 64);
                }
                previousDelta = delta;
                long xor = valueBits ^ previousBits;
                if (xor == 0) {
                    write(0, 1);
                } else {
                    int leading = Long.numberOfLeadingZeros(xor);
                    int trailing = Long.numberOfTrailingZeros(xor);
                    if (previousLeading >= 0 && leading >= previousLeading && trailing >= previousTrailing) {
                        write(0b10, 2);
                        write(xor >>> previousTrailing, 64 - previousLeading - previousTrailing);
                    } else {
                        int length = 64 - leading - trailing;
                        write(0b11, 2);
                        write(leading, 6);
                        write(length - 1, 6);
                        write(xor >>> trailing, length);
                        previousLeading = leading;
                        previousTrailing = trailing;
                    }
                }
            }
            // the arithmetic of LineFit.add, with which a restored chunk's terms are computed
            double x = LineFit.seconds(t, words[0]);
            double y = v - firstValue;
            sumX += x;
            sumY += y;
            sumXX += x * x;
            sumXY += x * y;
            lastTime = t;
            previousBits = valueBits;
            count++;
        }

        /** The chunk sealed into {@code target} when it has room, else into a new array. */
        long[] seal(long @Nullable [] target) {
            int needed = GorillaChunk.words(bits);
            long[] out = target != null && target.length >= needed ? target : new long[needed];
            copyTo(out);
            return out;
        }

        /** Writes the chunk's header and stream into {@code out}, which has room. */
        void copyTo(long[] out) {
            int streamWords = (bits + 63) / 64;
            out[0] = ((long) count << 32) | bits;
            out[1] = lastTime;
            out[2] = Double.doubleToRawLongBits(sum);
            out[3] = Double.doubleToRawLongBits(min);
            out[4] = Double.doubleToRawLongBits(max);
            System.arraycopy(words, 0, out, HEADER_WORDS, streamWords);
            Arrays.fill(out, HEADER_WORDS + streamWords, out.length, 0L);
        }

        private void write(long value, int n) {
            int end = bits + n;
            if (end > 64 * words.length - 64) {
                words = Arrays.copyOf(words, Math.max(2 * words.length, (end >>> 6) + 2));
            }
            long v = n == 64 ? value : value & ((1L << n) - 1);
            int index = bits >>> 6;
            int free = 64 - (bits & 63);
            if (n <= free) {
                words[index] |= v << (free - n);
            } else {
                words[index] |= v >>> (n - free);
                words[index + 1] |= v << (64 - (n - free));
            }
            bits = end;
        }
    }

    /** Reads a chunk's samples in order. Reusable through {@link #start}. */
    static final class Decoder {
        private long[] words;
        private int position;
        private int remaining;
        private boolean first;
        private long time;
        private long delta;
        private long valueBits;
        private int leading;
        private int trailing;

        /** Reads the stream starting at word {@code offset} of {@code words}, {@code count} samples. */
        Decoder start(long[] words, int offset, int count) {
            this.words = words;
            this.position = 64 * offset;
            this.remaining = count;
            this.first = true;
            return this;
        }

        /** Reads a sealed chunk. */
        Decoder start(long[] chunk) {
            return start(chunk, HEADER_WORDS, count(chunk));
        }

        boolean hasNext() {
            return remaining > 0;
        }

        /** Advances to the next sample. */
        void next() {
            remaining--;
            if (first) {
                first = false;
                time = read(64);
                valueBits = read(64);
                delta = 0;
                return;
            }
            long dod;
            if (read(1) == 0) {
                dod = 0;
            } else if (read(1) == 0) {
                dod = signed(read(7), 7);
            } else if (read(1) == 0) {
                dod = signed(read(9), 9);
            } else if (read(1) == 0) {
                dod = signed(read(12), 12);
            } else if (read(1) == 0) {
                dod = signed(read(32), 32);
            } else {
                dod = read(64);
            }
            delta += dod;
            time += delta;
            if (read(1) == 1) {
                if (read(1) == 1) {
                    leading = (int) read(6);
                    int length = (int) read(6) + 1;
                    trailing = 64 - leading - length;
                }
                int length = 64 - leading - trailing;
                valueBits ^= read(length) << trailing;
            }
        }

        long time() {
            return time;
        }

        double value() {
            return Double.longBitsToDouble(valueBits);
        }

        private static long signed(long v, int n) {
            return (v << (64 - n)) >> (64 - n);
        }

        private long read(int n) {
            int index = position >>> 6;
            int offset = position & 63;
            int free = 64 - offset;
            long r;
            if (n <= free) {
                r = (words[index] << offset) >>> (64 - n);
            } else {
                int rest = n - free;
                r = ((words[index] << offset) >>> (64 - n)) | (words[index + 1] >>> (64 - rest));
            }
            position += n;
            return r;
        }
    }
}
