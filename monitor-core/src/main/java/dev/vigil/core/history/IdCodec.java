package dev.vigil.core.history;

import dev.vigil.core.metric.MetricId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** How the history's files write a series' id and unit: strings with their length, tags in pairs. */
final class IdCodec {

    private IdCodec() {}

    static void writeId(ByteBuffer b, MetricId id) {
        writeString(b, id.name());
        b.putShort((short) id.tagCount());
        for (int i = 0; i < id.tagCount(); i++) {
            writeString(b, id.tagKey(i));
            writeString(b, id.tagValue(i));
        }
    }

    static MetricId readId(ByteBuffer b) {
        String name = readString(b);
        int tags = b.getShort();
        String[] kv = new String[2 * tags];
        for (int i = 0; i < kv.length; i++) {
            kv[i] = readString(b);
        }
        return MetricId.of(name, kv);
    }

    static void writeString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putInt(bytes.length);
        b.put(bytes);
    }

    static String readString(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("string of " + n + " bytes in a record of " + b.remaining());
        }
        byte[] bytes = new byte[n];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
