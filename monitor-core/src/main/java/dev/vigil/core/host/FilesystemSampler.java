package dev.vigil.core.host;

import dev.vigil.core.internal.Threads;
import dev.vigil.core.metric.MetricId;
import dev.vigil.core.metric.Unit;
import dev.vigil.core.source.SampleSink;
import dev.vigil.core.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filesystem part of {@link HostMetrics}. Usage is read on daemon threads, one call per
 * mount, every refresh period; the tick that starts a refresh waits for the results at most the
 * deadline, and every tick reports the last good values. A mount whose read has not returned is
 * UNKNOWN and is not read again until that read returns, so a stale NFS mount holds one thread,
 * not one per refresh.
 */
final class FilesystemSampler {

    static final String FREE = "disk.free";
    static final String TOTAL = "disk.total";
    static final String USAGE = "disk.usage";
    static final String INODES_FREE = "disk.inodes.free";
    static final String INODES_TOTAL = "disk.inodes.total";
    static final String INODES_USAGE = "disk.inodes.usage";

    private static final Logger log = LoggerFactory.getLogger(FilesystemSampler.class);

    private final FilesystemReader reader;
    private final FilesystemFilter filter;
    private final long refreshNanos;
    private final long deadlineNanos;
    private final Clock clock;

    private final Map<String, MountState> mounts = new LinkedHashMap<>();
    private @Nullable ThreadPoolExecutor pool;
    private @Nullable Future<List<Mount>> listing;
    private boolean refreshed;
    private long lastRefresh;
    private boolean listingLate;

    FilesystemSampler(
            FilesystemReader reader, FilesystemFilter filter, long refreshNanos, long deadlineNanos, Clock clock) {
        this.reader = reader;
        this.filter = filter;
        this.refreshNanos = refreshNanos;
        this.deadlineNanos = deadlineNanos;
        this.clock = clock;
    }

    synchronized void sample(SampleSink sink) {
        long now = clock.monotonicNanos();
        if (!refreshed || now - lastRefresh >= refreshNanos) {
            refresh();
            refreshed = true;
            lastRefresh = now;
        } else {
            for (MountState m : mounts.values()) {
                m.collectIfDone();
            }
        }
        for (MountState m : mounts.values()) {
            m.emit(sink);
        }
    }

    private void refresh() {
        long waitUntil = System.nanoTime() + deadlineNanos;
        List<MountState> started = new ArrayList<>();
        // the known mounts are read while the table is listed, so a slow listing cannot use up their time
        for (MountState m : mounts.values()) {
            startUnlessPending(m, started);
        }
        List<Mount> listed = list(waitUntil);
        if (listed != null) {
            Map<String, Mount> kept = new LinkedHashMap<>();
            for (Mount m : listed) {
                kept.remove(m.mountPoint()); // a later mount on the same point hides the earlier one
                if (filter.keep(m)) {
                    kept.put(m.mountPoint(), m);
                }
            }
            kept = oncePerFilesystem(kept);
            mounts.keySet().retainAll(kept.keySet());
            for (Mount m : kept.values()) {
                MountState state = mounts.get(m.mountPoint());
                if (state == null || !state.mount.equals(m)) {
                    state = new MountState(m);
                    mounts.put(m.mountPoint(), state);
                    startUnlessPending(state, started);
                }
            }
        }
        for (MountState m : started) {
            if (m.pending != null) {
                m.await(waitUntil);
            }
        }
    }

    /**
     * Keeps one mount of each filesystem, as df does: bind mounts (a Kubernetes pod's
     * {@code /etc/hosts}, {@code /etc/resolv.conf}, ...) show the same space as the filesystem they
     * come from, and one filling disk must raise one alert, not one per bind mount. The mount that
     * stays is the one of the whole filesystem (root {@code /}) if any, else the shortest mount
     * point, else the first in the table. Mounts whose filesystem is unknown are all kept.
     */
    static Map<String, Mount> oncePerFilesystem(Map<String, Mount> byMountPoint) {
        Map<String, Mount> winners = new LinkedHashMap<>();
        for (Mount m : byMountPoint.values()) {
            if (m.filesystem() != null) {
                winners.merge(m.filesystem(), m, FilesystemSampler::preferred);
            }
        }
        Map<String, Mount> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Mount> e : byMountPoint.entrySet()) {
            Mount m = e.getValue();
            if (m.filesystem() == null || m.equals(winners.get(m.filesystem()))) {
                kept.put(e.getKey(), m);
            }
        }
        return kept;
    }

    private static Mount preferred(Mount first, Mount later) {
        if (first.wholeFilesystem() != later.wholeFilesystem()) {
            return first.wholeFilesystem() ? first : later;
        }
        return later.mountPoint().length() < first.mountPoint().length() ? later : first;
    }

    private void startUnlessPending(MountState m, List<MountState> started) {
        if (m.pending == null) {
            m.start();
            started.add(m);
        } else {
            m.collectIfDone(); // still running since an earlier refresh: not started again, not waited for
        }
    }

    private @Nullable List<Mount> list(long waitUntil) {
        if (listing != null && !listing.isDone()) {
            return null; // still hanging since an earlier refresh: not waited for again
        }
        if (listing == null) {
            try {
                listing = pool().submit(reader::mounts);
            } catch (RejectedExecutionException e) {
                return null;
            }
        }
        try {
            List<Mount> result = listing.get(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
            listing = null;
            listingLate = false;
            return result;
        } catch (TimeoutException e) {
            if (!listingLate) {
                log.warn(
                        "Vigil: listing mounts did not return within {} ms; keeping the previous list",
                        TimeUnit.NANOSECONDS.toMillis(deadlineNanos));
                listingLate = true;
            }
            return null;
        } catch (ExecutionException e) {
            listing = null;
            log.debug("Vigil: listing mounts failed", e.getCause());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private ThreadPoolExecutor pool() {
        if (pool == null) {
            // Threads end when idle: between refreshes none is left, unless a read hangs. No cap is
            // needed: a mount never has two reads in flight, so there are at most as many threads as
            // mounts (plus the listing), and a cap would fail the reads of a host with many mounts.
            pool = new ThreadPoolExecutor(
                    0,
                    Integer.MAX_VALUE,
                    5,
                    TimeUnit.SECONDS,
                    new SynchronousQueue<>(),
                    Threads.daemon("vigil-filesystem-"));
        }
        return pool;
    }

    /** Stops the refresh threads; a later sample starts new ones. */
    synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
        listing = null;
        for (MountState m : mounts.values()) {
            m.pending = null;
        }
    }

    /** Whether a refresh thread currently exists (for tests of the lifecycle). */
    synchronized boolean hasThreads() {
        return pool != null && pool.getPoolSize() > 0;
    }

    /** One mount: its series ids, built once, its last good usage and its read in flight. */
    private final class MountState {
        final Mount mount;
        final MetricId free;
        final MetricId total;
        final MetricId usage;
        final MetricId inodesFree;
        final MetricId inodesTotal;
        final MetricId inodesUsage;

        @Nullable
        Future<FilesystemUsage> pending;

        @Nullable
        FilesystemUsage last;

        boolean failed;
        boolean late;

        MountState(Mount m) {
            this.mount = m;
            String[] tags = {"mount", m.mountPoint(), "device", m.device(), "type", m.type()};
            this.free = MetricId.of(FREE, tags);
            this.total = MetricId.of(TOTAL, tags);
            this.usage = MetricId.of(USAGE, tags);
            this.inodesFree = MetricId.of(INODES_FREE, tags);
            this.inodesTotal = MetricId.of(INODES_TOTAL, tags);
            this.inodesUsage = MetricId.of(INODES_USAGE, tags);
        }

        void start() {
            try {
                pending = pool().submit(() -> reader.stat(mount));
            } catch (RejectedExecutionException e) {
                failed = true; // out of threads: tried again at the next refresh
            }
        }

        void await(long waitUntil) {
            try {
                pending.get(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (!late) {
                    log.warn(
                            "Vigil: reading filesystem {} did not return within {} ms; UNKNOWN until it does",
                            mount.mountPoint(),
                            TimeUnit.NANOSECONDS.toMillis(deadlineNanos));
                    late = true;
                }
                return;
            } catch (ExecutionException e) {
                // taken below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            collectIfDone();
        }

        void collectIfDone() {
            if (pending == null || !pending.isDone()) {
                return;
            }
            try {
                last = pending.get();
                failed = false;
                if (late) {
                    log.info("Vigil: filesystem {} answers again", mount.mountPoint());
                    late = false;
                }
            } catch (ExecutionException e) {
                if (!failed) {
                    log.debug("Vigil: reading filesystem {} failed", mount.mountPoint(), e.getCause());
                }
                failed = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) { // cancelled by close()
                failed = true;
            }
            pending = null;
        }

        void emit(SampleSink sink) {
            FilesystemUsage u = last;
            if (pending != null || failed || u == null) {
                sink.unknown(free, Unit.BYTES);
                sink.unknown(total, Unit.BYTES);
                sink.unknown(usage, Unit.RATIO);
                if (u == null || u.totalInodes() > 0) {
                    sink.unknown(inodesFree, Unit.NONE);
                    sink.unknown(inodesTotal, Unit.NONE);
                    sink.unknown(inodesUsage, Unit.RATIO);
                }
                return;
            }
            if (u.totalBytes() <= 0) {
                return; // a pseudo filesystem that slipped through the filter: no space to speak of
            }
            sink.gauge(free, Unit.BYTES, (double) u.availableBytes());
            sink.gauge(total, Unit.BYTES, (double) u.totalBytes());
            // as df computes Use%: used over what unprivileged users can ever have
            double used = u.totalBytes() - u.freeBytes();
            double usable = used + u.availableBytes();
            sink.gauge(usage, Unit.RATIO, usable > 0 ? used / usable : 0);
            if (u.totalInodes() > 0) {
                sink.gauge(inodesFree, Unit.NONE, (double) u.freeInodes());
                sink.gauge(inodesTotal, Unit.NONE, (double) u.totalInodes());
                sink.gauge(inodesUsage, Unit.RATIO, (double) (u.totalInodes() - u.freeInodes()) / u.totalInodes());
            }
        }
    }
}
