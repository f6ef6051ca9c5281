package dev.vigil.core.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.NavigableMap;
import java.util.zip.CRC32C;

/**
 * Where a consolidated tier's buckets sit in its ring file (docs/storage.md, "Tier rings").
 * Each series has a fixed region of {@code slots} positions, bucket {@code b} at position
 * {@code b mod slots}, cut into blocks of {@value #BLOCK_SLOTS} positions. A block holds the time
 * of the tier's latest sample when it was written, then per position min, max and sum as doubles,
 * then the counts packed in {@link #countBits} bits each, then a CRC32C of all that. A bucket's
 * number is not stored: it is the latest bucket at or before the block's latest sample that falls
 * on the position, because a block is rewritten whenever a newer bucket reaches one of its
 * positions (empty buckets included). A block is written whole, so its one checksum covers
 * everything read from it.
 */
final class TierLayout {

    static final int BLOCK_SLOTS = 32;
    static final int STATS_BYTES = 3 * Double.BYTES;
    static final int HEADER_BYTES = Long.BYTES;
    static final int CRC_BYTES = Integer.BYTES;

    final long resolution;
    final int slots;
    final int countBits;
    final int maxCount;
    final long regionBytes;
    private final int fullBlockBytes;

    TierLayout(long resolutionMillis, int slots, int countBits) {
        if (countBits < 1 || countBits > 31) {
            throw new IllegalArgumentException("countBits must be within 1..31, got " + countBits);
        }
        this.resolution = resolutionMillis;
        this.slots = slots;
        this.countBits = countBits;
        this.maxCount = (int) ((1L << countBits) - 1);
        this.fullBlockBytes = blockBytesOf(BLOCK_SLOTS, countBits);
        long bytes = 0;
        for (int i = 0; i < blocks(); i++) {
            bytes += blockBytes(i);
        }
        this.regionBytes = bytes;
    }

    /**
     * Bits a count needs in a tier of {@code resolutionMillis} at ticks every {@code intervalMillis}:
     * room for the ticks a bucket spans and one more (a late tick). A bucket with more samples
     * (ticks bunched after a stall) is stored with the largest count and its mean, min and max;
     * as that count is still at least the samples expected, it never turns a known point unknown.
     */
    static int countBitsFor(long resolutionMillis, long intervalMillis) {
        long ticks = (resolutionMillis + intervalMillis - 1) / intervalMillis;
        long most = Math.min(Integer.MAX_VALUE, ticks + 1);
        return Math.min(31, 64 - Long.numberOfLeadingZeros(most));
    }

    int blocks() {
        return (slots + BLOCK_SLOTS - 1) / BLOCK_SLOTS;
    }

    /** Positions in block {@code i}: {@value #BLOCK_SLOTS}, fewer in the last. */
    int blockSlots(int i) {
        return Math.min(BLOCK_SLOTS, slots - i * BLOCK_SLOTS);
    }

    int blockBytes(int i) {
        return blockBytesOf(blockSlots(i), countBits);
    }

    private static int blockBytesOf(int n, int countBits) {
        return HEADER_BYTES + n * STATS_BYTES + (n * countBits + 7) / 8 + CRC_BYTES;
    }

    long blockOffset(int seriesNo, int i) {
        return seriesNo * regionBytes + (long) i * fullBlockBytes;
    }

    /** The block a file offset of {@link #blockOffset} is in. */
    int blockAt(long fileOffset) {
        return (int) (fileOffset % regionBytes / fullBlockBytes);
    }

    int blockOf(long bucket) {
        return (int) (Math.floorMod(bucket, (long) slots) / BLOCK_SLOTS);
    }

    /** The bucket position {@code p} holds when {@code last} is the latest bucket. */
    long bucketAt(int p, long last) {
        return last - Math.floorMod(Math.floorMod(last, (long) slots) - p, (long) slots);
    }

    /**
     * Writes block {@code i} of {@code tier} to {@code out}; returns how many buckets had more
     * samples than a count holds (stored with the largest count, their sum scaled to keep the mean).
     */
    int encode(BucketRing tier, int i, ByteBuffer out) {
        int start = out.position();
        long last = tier.lastBucket();
        long oldest = tier.oldestBucket();
        int n = blockSlots(i);
        int first = i * BLOCK_SLOTS;
        int[] counts = new int[n];
        int capped = 0;
        out.putLong(tier.lastTime());
        for (int q = 0; q < n; q++) {
            long b = bucketAt(first + q, last);
            int count = b < oldest ? 0 : tier.countOf(b);
            if (count == 0) {
                out.putDouble(0).putDouble(0).putDouble(0);
                continue;
            }
            double sum = tier.sumOf(b);
            if (count > maxCount) {
                sum = sum / count * maxCount;
                count = maxCount;
                capped++;
            }
            counts[q] = count;
            out.putDouble(tier.minOf(b)).putDouble(tier.maxOf(b)).putDouble(sum);
        }
        long acc = 0;
        int bits = 0;
        for (int q = 0; q < n; q++) {
            acc |= ((long) counts[q]) << bits;
            bits += countBits;
            while (bits >= 8) {
                out.put((byte) acc);
                acc >>>= 8;
                bits -= 8;
            }
        }
        if (bits > 0) {
            out.put((byte) acc);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), out.arrayOffset() + start, out.position() - start);
        out.putInt((int) crc.getValue());
        return capped;
    }

    /** Whether {@code block} (exactly one block's bytes) has a matching checksum. */
    static boolean valid(ByteBuffer block) {
        int body = block.limit() - CRC_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(block.slice(0, body));
        return (int) crc.getValue() == block.getInt(body);
    }

    /** A bucket read back from a block. */
    record Bucket(long bucket, double min, double max, double sum, int count, long latestTime) {}

    /**
     * The buckets with samples of a valid block {@code i}, added to {@code into} by bucket
     * number; returns the block's latest sample time.
     */
    long decode(ByteBuffer block, int i, NavigableMap<Long, Bucket> into) {
        long latest = block.getLong(0);
        long last = Math.floorDiv(latest, resolution);
        int n = blockSlots(i);
        int countsAt = HEADER_BYTES + n * STATS_BYTES;
        long acc = 0;
        int bits = 0;
        int next = countsAt;
        long mask = maxCount;
        for (int q = 0; q < n; q++) {
            while (bits < countBits) {
                acc |= (block.get(next++) & 0xffL) << bits;
                bits += 8;
            }
            int count = (int) (acc & mask);
            acc >>>= countBits;
            bits -= countBits;
            if (count == 0) {
                continue;
            }
            long b = bucketAt(i * BLOCK_SLOTS + q, last);
            int at = HEADER_BYTES + q * STATS_BYTES;
            long bucketLatest = b == last ? latest : Math.min(latest, (b + 1) * resolution - 1);
            into.put(
                    b,
                    new Bucket(
                            b,
                            block.getDouble(at),
                            block.getDouble(at + 8),
                            block.getDouble(at + 16),
                            count,
                            bucketLatest));
        }
        return latest;
    }

    /** Bytes of a slot in the tier ring files before 0.2.0. */
    static final int OLD_SLOT_BYTES = 48;

    /** Whether a block was never written (all zeros), as opposed to written and torn. */
    static boolean blank(ByteBuffer block) {
        for (int i = 0; i < block.limit(); i++) {
            if (block.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads series {@code no}'s slots from a tier's ring file of the format before 0.2.0 ({@code file}). */
    static void readOldSlots(Path file, int slots, int no, NavigableMap<Long, Bucket> into) throws IOException {
        ByteBuffer region = ByteBuffer.allocate(slots * OLD_SLOT_BYTES);
        try (FileChannel old = FileChannel.open(file, StandardOpenOption.READ)) {
            long at = (long) no * slots * OLD_SLOT_BYTES;
            while (region.hasRemaining()) {
                if (old.read(region, at + region.position()) < 0) {
                    break;
                }
            }
        }
        region.flip();
        for (int i = 0; i + OLD_SLOT_BYTES <= region.limit(); i += OLD_SLOT_BYTES) {
            ByteBuffer slot = region.slice(i, OLD_SLOT_BYTES);
            CRC32C crc = new CRC32C();
            crc.update(slot.slice(0, OLD_SLOT_BYTES - 4));
            boolean valid = (int) crc.getValue() == slot.getInt(OLD_SLOT_BYTES - 4);
            long bucket = slot.getLong(0);
            int count = slot.getInt(32);
            if (valid && count > 0 && Math.floorMod(bucket, slots) == i / OLD_SLOT_BYTES) {
                into.put(
                        bucket,
                        new Bucket(
                                bucket,
                                slot.getDouble(8),
                                slot.getDouble(16),
                                slot.getDouble(24),
                                count,
                                slot.getLong(36)));
            }
        }
    }
}
