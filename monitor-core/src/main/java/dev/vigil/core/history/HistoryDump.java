package dev.vigil.core.history;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a history directory (a storage's {@code history} sub-directory) as text: the series
 * catalog, every chunk of every segment and of the head with its samples, and every known
 * bucket of the tier rings; a record or slot that fails its checksum is named, never printed
 * as data. Reads only: it may run while a monitor writes the directory.
 *
 * <pre>{@code
 * HistoryDump.dump(Path.of("vigil-data/history"), System.out);
 * }</pre>
 */
public final class HistoryDump {

    private HistoryDump() {}

    /** Prints {@code dir}; returns the number of corrupt records and slots found. */
    public static int dump(Path dir, PrintStream out) throws IOException {
        int[] corrupt = {0};
        Map<Integer, String> names = new TreeMap<>();
        Path catalog = dir.resolve(HistoryDisk.CATALOG);
        out.println("# " + catalog);
        if (Files.exists(catalog)) {
            Records.read(catalog, new Records.Visitor() {
                @Override
                public void record(long offset, ByteBuffer p) {
                    if (p.get() == HistoryDisk.SERIES_RECORD) {
                        int no = p.getInt();
                        String id = IdCodec.readId(p).toString();
                        String unit = IdCodec.readString(p);
                        names.put(no, id);
                        out.println("series " + no + " " + id + " " + unit);
                    }
                }

                @Override
                public void corrupt(long offset, String why) {
                    corrupt[0]++;
                    out.println("CORRUPT at byte " + offset + ": " + why);
                }
            });
        }
        List<Path> logs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "segment-*.log")) {
            files.forEach(logs::add);
        }
        logs.sort(null);
        logs.add(dir.resolve(HistoryDisk.HEAD));
        for (Path file : logs) {
            if (!Files.exists(file)) {
                continue;
            }
            out.println("# " + file + " (" + Files.size(file) + " bytes)");
            Records.read(file, new Records.Visitor() {
                @Override
                public void record(long offset, ByteBuffer p) {
                    if (p.get() != HistoryDisk.CHUNK_RECORD) {
                        return;
                    }
                    int no = p.getInt();
                    long[] chunk = new long[p.getInt()];
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = p.getLong();
                    }
                    int count = GorillaChunk.count(chunk);
                    out.println("chunk series " + no + " " + names.getOrDefault(no, "(unknown series)") + ": " + count
                            + " samples, " + (GorillaChunk.bitLength(chunk) + 7) / 8 + " bytes, "
                            + Instant.ofEpochMilli(GorillaChunk.firstTime(chunk)) + " .. "
                            + Instant.ofEpochMilli(GorillaChunk.lastTime(chunk)));
                    GorillaChunk.Decoder d = new GorillaChunk.Decoder().start(chunk);
                    while (d.hasNext()) {
                        d.next();
                        out.println("  " + Instant.ofEpochMilli(d.time()) + " " + d.value());
                    }
                }

                @Override
                public void corrupt(long offset, String why) {
                    corrupt[0]++;
                    out.println("CORRUPT at byte " + offset + ": " + why);
                }
            });
        }
        List<Path> tiers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "tier-*.ring")) {
            files.forEach(tiers::add);
        }
        tiers.sort(null);
        for (Path file : tiers) {
            String name = file.getFileName().toString();
            if (!name.matches("tier-[0-9]+ms-[0-9]+-c[0-9]+\\.ring")) {
                out.println("# " + file
                        + " skipped: not a ring file of this version (the store migrates it when it opens)");
                continue;
            }
            String[] parts = name.substring(0, name.length() - ".ring".length()).split("-", -1);
            long resolution = Long.parseLong(parts[1].replace("ms", ""));
            int slotsPerSeries = Integer.parseInt(parts[2]);
            TierLayout layout = new TierLayout(resolution, slotsPerSeries, Integer.parseInt(parts[3].substring(1)));
            out.println("# " + file + " (" + Files.size(file) + " bytes, " + resolution + " ms buckets, "
                    + slotsPerSeries + " per series; series, bucket start, min, avg, max, count)");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long seriesCount =
                        (Files.size(file) + layout.regionBytes - 1) / layout.regionBytes; // a torn last region too
                for (int no = 0; no < seriesCount; no++) {
                    java.util.TreeMap<Long, TierLayout.Bucket> buckets = new java.util.TreeMap<>();
                    for (int i = 0; i < layout.blocks(); i++) {
                        ByteBuffer block = ByteBuffer.allocate(layout.blockBytes(i));
                        long at = layout.blockOffset(no, i);
                        while (block.hasRemaining() && ch.read(block, at + block.position()) > 0) {
                            // fill the block
                        }
                        block.flip();
                        boolean blank = true;
                        for (int j = 0; j < block.limit(); j++) {
                            blank &= block.get(j) == 0;
                        }
                        if (blank) {
                            continue;
                        }
                        if (block.limit() < layout.blockBytes(i) || !TierLayout.valid(block)) {
                            corrupt[0]++;
                            out.println("CORRUPT block " + i + " of series " + no + " at byte " + at);
                            continue;
                        }
                        layout.decode(block, i, buckets);
                    }
                    if (buckets.isEmpty()) {
                        continue;
                    }
                    // positions of older laps than the newest bucket's are not data any more
                    for (TierLayout.Bucket b : buckets.tailMap(buckets.lastKey() - slotsPerSeries + 1)
                            .values()) {
                        out.println("series " + no + " " + Instant.ofEpochMilli(b.bucket() * resolution) + " " + b.min()
                                + " " + b.sum() / b.count() + " " + b.max() + " " + b.count());
                    }
                }
            }
        }
        return corrupt[0];
    }
}
