package dev.vigil.core.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The framing of every record in the history's log files: a 4-byte length of the payload, the
 * payload's CRC32C in 4 bytes, the payload. A record whose checksum does not match is never
 * read as data: it is reported and skipped, and a length that cannot be right (past the end of
 * the file, or absurd) ends the file there, as a write torn by a crash does.
 */
final class Records {

    static final int HEADER = 8;
    /** Larger than any record written: a longer length is garbage. */
    static final int MAX_PAYLOAD = 16 << 20;

    private Records() {}

    /** What a reader is told about each record. */
    interface Visitor {
        /** A record whose checksum matched, at {@code offset}; {@code payload} is positioned at its start. */
        void record(long offset, ByteBuffer payload);

        /** A record that failed its checksum, or a torn tail; {@code why} says which. */
        default void corrupt(long offset, String why) {}
    }

    static int crc(ByteBuffer payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload.duplicate());
        return (int) crc.getValue();
    }

    /** Frames {@code payload} (position to limit) into {@code out}, which has room. */
    static void frame(ByteBuffer payload, ByteBuffer out) {
        out.putInt(payload.remaining());
        out.putInt(crc(payload));
        out.put(payload);
    }

    /** Reads every record of {@code file}; returns the offset after the last good one. */
    static long read(Path file, Visitor visitor) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer all = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 16));
            while (all.hasRemaining() && ch.read(all) >= 0) {
                // read it all: history files are small
            }
            all.flip();
            return read(all, visitor);
        }
    }

    static long read(ByteBuffer all, Visitor visitor) {
        long goodEnd = 0;
        while (all.remaining() >= HEADER) {
            int offset = all.position();
            int length = all.getInt();
            int crc = all.getInt();
            if (length < 0 || length > MAX_PAYLOAD || length > all.remaining()) {
                visitor.corrupt(
                        offset,
                        length > all.remaining() && length <= MAX_PAYLOAD && length >= 0
                                ? "torn record (" + length + " bytes announced, " + all.remaining() + " left)"
                                : "impossible length " + length);
                return goodEnd;
            }
            ByteBuffer payload = all.slice(all.position(), length);
            all.position(all.position() + length);
            if (crc(payload) != crc) {
                visitor.corrupt(offset, "checksum mismatch");
                continue;
            }
            visitor.record(offset, payload);
            goodEnd = all.position();
        }
        if (all.hasRemaining()) {
            visitor.corrupt(all.position(), "torn header (" + all.remaining() + " bytes)");
        }
        return goodEnd;
    }
}
