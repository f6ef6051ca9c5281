package dev.vigil.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.Monitor;
import dev.vigil.core.Tick;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Filesystems are read off the tick, under a deadline, less often than every tick. */
class FilesystemRefreshTest {

    static final Mount ROOT = new Mount("/", "/dev/vda", "ext4");
    static final Mount DATA = new Mount("/data", "/dev/vdb", "xfs");
    static final Mount STALE = new Mount("/mnt/stale", "/dev/vdc", "ext4");
    // Long enough for a fake mount that answers at once to answer on a loaded machine (so that a
    // tick which waits is told apart from one which does not), short enough to wait out a hang.
    static final Duration DEADLINE = Duration.ofSeconds(1);
    static final Duration REFRESH = Duration.ofSeconds(60);

    final ManualClock clock = ManualClock.create();
    HostMetrics host;
    Monitor monitor;
    FakeFilesystems fs;

    @AfterEach
    void close() {
        if (fs != null) {
            fs.release();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (host != null) {
            host.close();
        }
    }

    private void start(FakeFilesystems filesystems) {
        fs = filesystems;
        host = HostMetrics.builder()
                .filesystemReader(fs)
                .clock(clock)
                .filesystemDeadline(DEADLINE)
                .filesystemRefresh(REFRESH)
                .build();
        monitor = Monitor.builder().source(host).build();
    }

    static MetricId id(String name, Mount m) {
        return MetricId.of(name, "mount", m.mountPoint(), "device", m.device(), "type", m.type());
    }

    @Test
    void aHangingMountIsUnknownWhileTheTickReturnsWithinTheDeadline() {
        start(new FakeFilesystems(List.of(ROOT, STALE, DATA), Set.of("/mnt/stale"), Set.of()));

        long started = System.nanoTime();
        Tick tick = monitor.tickNow();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        // waiting for the hung mount would take until the monitor abandons the whole source
        assertThat(tookMillis).isLessThan(Monitor.DEFAULT_SOURCE_DEADLINE.toMillis());
        assertThat(tick.unknown())
                .contains(
                        id("disk.free", STALE),
                        id("disk.total", STALE),
                        id("disk.usage", STALE),
                        id("disk.inodes.free", STALE));
        assertThat(tick.value(id("disk.free", STALE))).isNaN();
        assertThat(tick.value(id("disk.free", ROOT))).isEqualTo(450);
        assertThat(tick.value(id("disk.free", DATA))).isEqualTo(450);
        assertThat(tick.unknown()).allMatch(u -> u.tag("mount").equals("/mnt/stale"));
        assertThat(tick.value(MetricId.of("system.memory.total"))).isPositive();
        assertThat(tick.value(MetricId.of("system.load.average.1m"))).isNotNaN();
    }

    @Test
    void aMountStillHangingIsNotReadAgainAndDoesNotDelayTheNextRefresh() {
        start(new FakeFilesystems(List.of(ROOT, STALE), Set.of("/mnt/stale"), Set.of()));
        monitor.tickNow();

        clock.advance(REFRESH);
        long started = System.nanoTime();
        Tick refresh = monitor.tickNow();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(tookMillis).isLessThan(DEADLINE.toMillis());
        assertThat(fs.statCalls("/mnt/stale")).isEqualTo(1);
        assertThat(fs.statCalls("/")).isEqualTo(2);
        assertThat(refresh.unknown()).contains(id("disk.free", STALE));
        assertThat(refresh.value(id("disk.free", ROOT))).isEqualTo(450);
    }

    @Test
    void aMountThatAnswersLateIsReportedFromTheNextTick() {
        start(new FakeFilesystems(List.of(ROOT, STALE), Set.of("/mnt/stale"), Set.of()));
        monitor.tickNow();

        fs.release();
        // the released read finishes on its own thread: a later tick (same refresh period) sees it
        Tick tick = await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(monitor::tickNow, t -> !t.unknown().contains(id("disk.free", STALE)));

        assertThat(tick.unknown()).isEmpty();
        assertThat(tick.value(id("disk.free", STALE))).isEqualTo(450);
        assertThat(fs.statCalls("/mnt/stale")).isEqualTo(1);
    }

    @Test
    void filesystemsAreReadOncePerRefreshPeriodAndTheLastValuesReportedMeanwhile() {
        start(FakeFilesystems.of(ROOT));
        monitor.tickNow();
        fs.usage.put("/", new FilesystemUsage(1000, 100, 50, 100, 10));

        clock.advance(REFRESH.minusSeconds(1));
        Tick between = monitor.tickNow();
        assertThat(fs.statCalls("/")).isEqualTo(1);
        assertThat(between.value(id("disk.free", ROOT))).isEqualTo(450);

        clock.advance(Duration.ofSeconds(1));
        Tick refreshed = monitor.tickNow();
        assertThat(fs.statCalls("/")).isEqualTo(2);
        assertThat(refreshed.value(id("disk.free", ROOT))).isEqualTo(50);
        assertThat(refreshed.value(id("disk.usage", ROOT))).isEqualTo(900.0 / 950.0);
        assertThat(refreshed.value(id("disk.inodes.usage", ROOT))).isEqualTo(0.9);
    }

    @Test
    void aMountWhoseReadFailsIsUnknown() {
        start(new FakeFilesystems(List.of(ROOT, DATA), Set.of(), Set.of("/data")));
        Tick tick = monitor.tickNow();
        assertThat(tick.unknown())
                .contains(id("disk.free", DATA))
                .noneMatch(u -> u.tag("mount").equals("/"));
        assertThat(tick.value(id("disk.free", ROOT))).isEqualTo(450);
    }

    @Test
    void filesystemsWithoutInodeCountsOrSpaceGiveOnlyWhatTheyHave() {
        Mount btrfs = new Mount("/srv", "/dev/vdd", "btrfs");
        Mount empty = new Mount("/weird", "none", "weirdfs");
        start(FakeFilesystems.of(ROOT, btrfs, empty));
        fs.usage.put("/srv", new FilesystemUsage(1000, 500, 500, 0, 0));
        fs.usage.put("/weird", new FilesystemUsage(0, 0, 0, 0, 0));
        Tick tick = monitor.tickNow();
        assertThat(tick.value(id("disk.free", btrfs))).isEqualTo(500);
        assertThat(tick.samples())
                .noneMatch(s -> s.id().name().startsWith("disk.inodes")
                        && s.id().tag("mount").equals("/srv"));
        assertThat(tick.samples()).noneMatch(s -> "/weird".equals(s.id().tag("mount")));
        assertThat(tick.unknown()).isEmpty();
    }

    @Test
    void closingStopsTheRefreshThreads() {
        start(new FakeFilesystems(List.of(ROOT, STALE), Set.of("/mnt/stale"), Set.of()));
        monitor.tickNow();
        assertThat(host.filesystems().hasThreads()).isTrue();

        host.close();
        host.close();

        assertThat(host.filesystems().hasThreads()).isFalse();
        // the hung read is interrupted; its thread ends shortly after
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("vigil-filesystem") && isStuckInFake(t)));
    }

    private static boolean isStuckInFake(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(FakeFilesystems.class.getName())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aHangingMountListingKeepsThePreviousMountsAndIsNotWaitedForTwice() {
        start(FakeFilesystems.of(ROOT, DATA));
        monitor.tickNow();
        fs.listingHangs = true;

        clock.advance(REFRESH);
        Tick waited = monitor.tickNow();
        clock.advance(REFRESH);
        long started = System.nanoTime();
        Tick notWaited = monitor.tickNow();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(fs.listings.get()).isEqualTo(2);
        assertThat(tookMillis).isLessThan(DEADLINE.toMillis());
        for (Tick tick : List.of(waited, notWaited)) {
            assertThat(tick.value(id("disk.free", ROOT))).isEqualTo(450);
            assertThat(tick.value(id("disk.free", DATA))).isEqualTo(450);
        }
        assertThat(fs.statCalls("/")).isEqualTo(3);
    }

    @Test
    void aFilesystemMountedAtSeveralPointsIsReportedOnceUnderItsWholeMount() {
        // what a Kubernetes pod's mountinfo shows: one node disk (8:1) bind-mounted as an emptyDir
        // volume and the termination log, and the same disk mounted whole at /var/lib/data
        Mount cache = new Mount(
                "/cache",
                "/dev/sda1",
                "ext4",
                "8:1",
                "/var/lib/kubelet/pods/9c1f/volumes/kubernetes.io~empty-dir/cache");
        Mount log = new Mount("/dev/termination-log", "/dev/sda1", "ext4", "8:1", "/var/lib/kubelet/pods/9c1f/c/0");
        Mount whole = new Mount("/var/lib/data", "/dev/sda1", "ext4", "8:1", "/");
        Mount other = new Mount("/data", "/dev/sdb", "xfs", "8:16", "/");
        start(FakeFilesystems.of(cache, log, whole, other));

        Tick tick = monitor.tickNow();

        assertThat(tick.samples())
                .filteredOn(s -> s.id().name().equals("disk.free"))
                .extracting(s -> s.id().tag("mount"))
                .containsExactlyInAnyOrder("/var/lib/data", "/data");
        assertThat(fs.statCalls("/cache")).isZero();
    }

    @Test
    void amongBindMountsOfPartsTheShortestMountPointWinsAsInDf() {
        Mount logs = new Mount(
                "/app/logs",
                "/dev/sda1",
                "ext4",
                "8:1",
                "/var/lib/kubelet/pods/9c1f/volumes/kubernetes.io~empty-dir/logs");
        Mount cache = new Mount(
                "/cache",
                "/dev/sda1",
                "ext4",
                "8:1",
                "/var/lib/kubelet/pods/9c1f/volumes/kubernetes.io~empty-dir/cache");
        Mount log = new Mount("/dev/termination-log", "/dev/sda1", "ext4", "8:1", "/var/lib/kubelet/pods/9c1f/c/0");
        start(FakeFilesystems.of(logs, cache, log, ROOT));

        Tick tick = monitor.tickNow();

        assertThat(tick.samples())
                .filteredOn(s -> s.id().name().equals("disk.total"))
                .extracting(s -> s.id().tag("mount"))
                .containsExactlyInAnyOrder("/cache", "/");
    }
}
