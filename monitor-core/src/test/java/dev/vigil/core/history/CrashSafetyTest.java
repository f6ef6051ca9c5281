package dev.vigil.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.history.SeriesHistory.Point;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes history as fast as it can and is killed with SIGKILL
 * ({@code Process.destroyForcibly()} on Linux) at random moments; after every kill the directory
 * reopens, holds everything the child had acknowledged as checkpointed, and no value read back
 * differs from what was written. The default suite runs {@value #DEFAULT_KILLS} kills; the soak
 * (docs/storage.md) runs more with {@code -Dvigil.crash.kills=200}.
 */
class CrashSafetyTest {

    static final int DEFAULT_KILLS = 6;
    static final int SERIES = 12;
    static final long TICK = 1_000;
    static final long T0 = 1_767_225_600_000L;
    static final HistoryConfig CONFIG = HistoryConfig.builder()
            .raw(Duration.ofMinutes(30))
            .tier(Duration.ofMinutes(1), Duration.ofHours(6))
            .tier(Duration.ofMinutes(10), Duration.ofDays(2))
            .checkpointEvery(Duration.ofDays(1)) // the child checkpoints itself, and says so
            .segmentBytes(64 * 1024)
            .build();

    @TempDir
    Path dir;

    static double value(int series, long t) {
        long tick = t / TICK;
        return (tick % 1_009) * (series + 1) / 8.0 - series;
    }

    static MetricId id(int series) {
        return MetricId.of("crash.value", "n", Integer.toString(series));
    }

    @Test
    void everyReopenAfterSigkillSucceedsKeepsWhatWasAcknowledgedAndReadsNoCorruptValue() throws Exception {
        int kills = Integer.getInteger("vigil.crash.kills", DEFAULT_KILLS);
        Random random = new Random(Long.getLong("vigil.crash.seed", System.nanoTime()));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        long acknowledged = Long.MIN_VALUE;
        for (int kill = 0; kill < kills; kill++) {
            Process child = new ProcessBuilder(
                            java.toString(),
                            "-Xmx128m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            Writer.class.getName(),
                            dir.toString())
                    .redirectErrorStream(true)
                    .start();
            AtomicInteger checkpoints = new AtomicInteger();
            AtomicLong lastAcknowledged = new AtomicLong(Long.MIN_VALUE);
            Thread reader = new Thread(() -> {
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("checkpoint ")) {
                            lastAcknowledged.set(Long.parseLong(line.substring(11)));
                            checkpoints.incrementAndGet();
                        }
                    }
                } catch (Exception ignored) {
                    // the child died
                }
            });
            reader.setDaemon(true);
            reader.start();
            int target = 1 + random.nextInt(4);
            try {
                await().atMost(Duration.ofMinutes(2)).until(() -> checkpoints.get() >= target || !child.isAlive());
                assertThat(child.isAlive())
                        .as("child alive before kill %d", kill)
                        .isTrue();
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
            acknowledged = Math.max(acknowledged, lastAcknowledged.get());

            HistoryStore reopened = HistoryStore.open(CONFIG, Duration.ofMillis(TICK), dir);
            try {
                assertThat(reopened.nowMillis())
                        .as("kill %d: checkpointed up to %d", kill, acknowledged)
                        .isGreaterThanOrEqualTo(acknowledged);
                assertThat(reopened.ids()).hasSize(SERIES);
                for (int s = 0; s < SERIES; s++) {
                    verify(reopened, s, kill);
                }
            } finally {
                reopened.close();
            }
        }
    }

    private static void verify(HistoryStore store, int s, int kill) {
        SeriesHistory h = store.series(id(s));
        long now = store.nowMillis();
        List<Point> raw = h.range(now - Duration.ofMinutes(30).toMillis(), now);
        long previous = Long.MIN_VALUE;
        for (Point p : raw) {
            assertThat(p.timeMillis()).isGreaterThan(previous);
            previous = p.timeMillis();
            if (p.known()) {
                assertThat(p.avg())
                        .as("kill %d, series %d, raw sample at %d", kill, s, p.timeMillis())
                        .isEqualTo(value(s, p.timeMillis()));
                assertThat((p.timeMillis() - T0) % TICK).isZero();
            }
        }
        for (long back :
                new long[] {Duration.ofHours(6).toMillis(), Duration.ofDays(2).toMillis()}) {
            for (Point p : h.range(now - back, now)) {
                long resolution = back <= Duration.ofHours(6).toMillis() ? 60_000 : 600_000;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (long t = p.timeMillis(); t < p.timeMillis() + resolution; t += TICK) {
                    min = Math.min(min, value(s, t));
                    max = Math.max(max, value(s, t));
                }
                assertThat(p.count())
                        .as("kill %d, series %d, bucket at %d", kill, s, p.timeMillis())
                        .isLessThanOrEqualTo(resolution / TICK);
                if (p.known()) {
                    assertThat(p.min()).isGreaterThanOrEqualTo(min);
                    assertThat(p.max()).isLessThanOrEqualTo(max);
                    assertThat(p.avg()).isBetween(min, max);
                }
            }
        }
    }

    /** The child: writes ticks as fast as it can, checkpointing every 20 ticks and saying so. */
    public static final class Writer {
        public static void main(String[] args) {
            HistoryStore store = HistoryStore.open(CONFIG, Duration.ofMillis(TICK), Path.of(args[0]));
            long t = store.nowMillis() == Long.MIN_VALUE ? T0 : store.nowMillis();
            for (long tick = 1; ; tick++) {
                t += TICK;
                for (int s = 0; s < SERIES; s++) {
                    store.record(id(s), Unit.NONE, t, value(s, t));
                }
                store.advanceTo(t);
                if (tick % 20 == 0 && store.checkpoint()) {
                    System.out.println("checkpoint " + t);
                    System.out.flush();
                }
            }
        }
    }
}
