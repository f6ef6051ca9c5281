package dev.vigil.core.host;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mount table and usages held in memory; a mount listed in {@code hanging} blocks in
 * {@link #stat} until {@link #release()}, as {@code statvfs} on a stale NFS mount does.
 */
final class FakeFilesystems implements FilesystemReader {

    static final FilesystemUsage HALF_FULL = new FilesystemUsage(1000, 500, 450, 100, 40);

    private final List<Mount> mounts;
    private final Set<String> hanging;
    private final Set<String> failing;
    final Map<String, FilesystemUsage> usage = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> stats = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    /** When set, listing the mounts blocks until {@link #release()}, as OSHI's listing may elsewhere. */
    volatile boolean listingHangs;

    final AtomicInteger listings = new AtomicInteger();

    FakeFilesystems(List<Mount> mounts, Set<String> hanging, Set<String> failing) {
        this.mounts = List.copyOf(mounts);
        this.hanging = Set.copyOf(hanging);
        this.failing = Set.copyOf(failing);
    }

    static FakeFilesystems of(Mount... mounts) {
        return new FakeFilesystems(List.of(mounts), Set.of(), Set.of());
    }

    @Override
    public List<Mount> mounts() throws InterruptedException {
        listings.incrementAndGet();
        if (listingHangs) {
            released.await();
        }
        return mounts;
    }

    @Override
    public FilesystemUsage stat(Mount mount) throws Exception {
        stats.computeIfAbsent(mount.mountPoint(), k -> new AtomicInteger()).incrementAndGet();
        if (hanging.contains(mount.mountPoint())) {
            released.await();
        }
        if (failing.contains(mount.mountPoint())) {
            throw new IOException("Permission denied: " + mount.mountPoint());
        }
        return usage.getOrDefault(mount.mountPoint(), HALF_FULL);
    }

    int statCalls(String mountPoint) {
        AtomicInteger n = stats.get(mountPoint);
        return n == null ? 0 : n.get();
    }

    void release() {
        released.countDown();
    }
}
