package dev.vigil.core.host;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One small {@code /proc} file read again and again into the same buffer, with a cursor that
 * parses numbers and words in place: a host sample reads a handful of these per tick, and
 * reading them without building strings keeps the tick close to the cost of the reads alone.
 *
 * <p>The file stays open between reads and is read again from its start, as procps' {@code top}
 * does: opening it every tick cost more than reading it (the open and close calls, and a stream,
 * a descriptor and a cleaner registration each time). {@code /proc} regenerates a file's text
 * when it is read from offset 0. {@link #close()} releases it; a later read opens it again.
 *
 * <p>Not thread-safe: each reader owns its instances.
 */
final class ProcFile {

    private final String path;
    private byte[] buf;
    private int len;
    private int pos;
    /**
     * The words {@link #nextWord} returned in the previous read, by their order in it: device and
     * interface names come back in the same order every tick, so the same String is returned
     * instead of a new one.
     */
    private String[] words = new String[8];

    private int wordNo;
    /** Open between reads; null before the first read, after a failed one and after {@link #close()}. */
    private RandomAccessFile file;

    ProcFile(String path, int initialCapacity) {
        this.path = path;
        this.buf = new byte[initialCapacity];
    }

    String path() {
        return path;
    }

    /** Reads the whole file into the buffer and puts the cursor at its start. */
    ProcFile read() throws IOException {
        len = 0;
        pos = 0;
        wordNo = 0;
        RandomAccessFile in = rewound();
        try {
            while (true) {
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    return this;
                }
                len += n;
            }
        } catch (IOException | RuntimeException e) {
            close(); // opened afresh next time
            throw e;
        }
    }

    /** Reads only as much as fits in the buffer: enough for files whose first line is all we need. */
    ProcFile readHead() throws IOException {
        len = 0;
        pos = 0;
        wordNo = 0;
        RandomAccessFile in = rewound();
        try {
            int n = in.read(buf, 0, buf.length);
            len = Math.max(n, 0);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    private RandomAccessFile rewound() throws IOException {
        RandomAccessFile in = file;
        if (in == null) {
            in = new RandomAccessFile(path, "r");
            file = in;
            return in;
        }
        try {
            in.seek(0);
        } catch (IOException e) {
            close();
            throw e;
        }
        return in;
    }

    /** Closes the file; the next read opens it again. Idempotent. */
    void close() {
        RandomAccessFile in = file;
        file = null;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // nothing was written: nothing can be lost
            }
        }
    }

    boolean atEnd() {
        return pos >= len;
    }

    /** Moves the cursor to the start of the next line; false at the end. */
    boolean nextLine() {
        while (pos < len && buf[pos] != '\n') {
            pos++;
        }
        if (pos < len) {
            pos++;
        }
        return pos < len;
    }

    /** The text from the cursor to the end of its line, the cursor then at the next line; null at the end. */
    String line() {
        if (pos >= len) {
            return null;
        }
        int start = pos;
        while (pos < len && buf[pos] != '\n') {
            pos++;
        }
        String text = new String(buf, start, pos - start, StandardCharsets.UTF_8);
        if (pos < len) {
            pos++;
        }
        return text;
    }

    /**
     * Moves the cursor past the first line (at or after the cursor) that starts with {@code key};
     * false, with the cursor where it was, when there is none.
     */
    boolean seekLine(String key) {
        int from = pos;
        if (pos > 0 && buf[pos - 1] != '\n') {
            nextLine();
        }
        while (pos < len) {
            if (startsWith(key)) {
                pos += key.length();
                return true;
            }
            nextLine();
        }
        pos = from;
        return false;
    }

    private boolean startsWith(String key) {
        if (pos + key.length() > len) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (buf[pos + i] != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void skipBlanks() {
        while (pos < len && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
        }
    }

    /**
     * The next unsigned decimal number on this line, skipping blanks and a leading ':'; -1 when
     * the line has no more numbers. A fraction part is skipped.
     */
    long nextLong() {
        skipBlanks();
        if (pos < len && buf[pos] == ':') {
            pos++;
            skipBlanks();
        }
        if (pos >= len || buf[pos] < '0' || buf[pos] > '9') {
            return -1;
        }
        long v = 0;
        while (pos < len && buf[pos] >= '0' && buf[pos] <= '9') {
            v = v * 10 + (buf[pos++] - '0');
        }
        if (pos < len && buf[pos] == '.') {
            pos++;
            while (pos < len && buf[pos] >= '0' && buf[pos] <= '9') {
                pos++;
            }
        }
        return v;
    }

    /** The next decimal number with an optional fraction, e.g. a load average; NaN when none. */
    double nextDouble() {
        skipBlanks();
        if (pos >= len || buf[pos] < '0' || buf[pos] > '9') {
            return Double.NaN;
        }
        long digits = 0;
        long scale = 1;
        while (pos < len && buf[pos] >= '0' && buf[pos] <= '9') {
            digits = digits * 10 + (buf[pos++] - '0');
        }
        if (pos < len && buf[pos] == '.') {
            pos++;
            while (pos < len && buf[pos] >= '0' && buf[pos] <= '9') {
                if (scale < 1_000_000_000L) { // more digits than /proc ever prints are dropped
                    digits = digits * 10 + (buf[pos] - '0');
                    scale *= 10;
                }
                pos++;
            }
        }
        // one division of two exact integers: the same double as parsing the decimal text
        return (double) digits / scale;
    }

    /** Skips one character (e.g. the '/' in {@code 1/91}). */
    void skip(char c) {
        if (pos < len && buf[pos] == c) {
            pos++;
        }
    }

    /**
     * The next word on this line, ending at a blank or at {@code stop}, which is consumed; null
     * when the line has no more words.
     */
    @Nullable
    String nextWord(char stop) {
        skipBlanks();
        int start = pos;
        while (pos < len && buf[pos] != ' ' && buf[pos] != '\t' && buf[pos] != '\n' && buf[pos] != stop) {
            pos++;
        }
        if (pos == start) {
            return null;
        }
        if (wordNo == words.length) {
            words = Arrays.copyOf(words, 2 * words.length);
        }
        String word = words[wordNo];
        if (word == null || !sameAscii(word, start, pos - start)) {
            word = new String(buf, start, pos - start, StandardCharsets.UTF_8);
            words[wordNo] = word;
        }
        wordNo++;
        if (pos < len && buf[pos] == stop) {
            pos++;
        }
        return word;
    }

    /** Whether {@code word} is the ASCII text of {@code n} bytes at {@code start} (other text never matches). */
    private boolean sameAscii(String word, int start, int n) {
        if (word.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = word.charAt(i);
            if (c >= 0x80 || buf[start + i] != (byte) c) {
                return false;
            }
        }
        return true;
    }
}
