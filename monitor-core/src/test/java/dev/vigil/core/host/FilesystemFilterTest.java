package dev.vigil.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.metric.MetricId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Which mounts are reported, by default and with options. */
class FilesystemFilterTest {

    static final List<Mount> TABLE = List.of(
            new Mount("/", "overlay", "overlay"),
            new Mount("/proc", "proc", "proc"),
            new Mount("/sys", "sysfs", "sysfs"),
            new Mount("/sys/fs/cgroup/memory", "cgroup", "cgroup"),
            new Mount("/dev", "devtmpfs", "devtmpfs"),
            new Mount("/dev/shm", "tmpfs", "tmpfs"),
            new Mount("/run", "tmpfs", "tmpfs"),
            new Mount("/etc/hosts", "/dev/vda1", "ext4"),
            new Mount("/data", "/dev/vdb", "xfs"),
            new Mount("/data/archive", "/dev/vdc", "ext4"),
            new Mount("/database", "/dev/vdd", "ext4"),
            new Mount("/boot/efi", "/dev/vda15", "vfat"),
            new Mount("/home", "server:/home", "nfs4"),
            new Mount("/mnt/remote", "user@host:", "fuse.sshfs"),
            new Mount("/var/lib/docker/overlay2/abc/merged", "overlay", "overlay"),
            new Mount("/snap/core/123", "/dev/loop0", "squashfs"));

    private static List<String> reported(UnaryOperator<HostMetrics.Builder> options) {
        return reported(TABLE, options);
    }

    private static List<String> reported(List<Mount> table, UnaryOperator<HostMetrics.Builder> options) {
        try (HostMetrics host = options.apply(
                        HostMetrics.builder().filesystemReader(new FakeFilesystems(table, Set.of(), Set.of())))
                .build()) {
            RecordingSink sink = new RecordingSink();
            host.sample(sink);
            return sink.gauges.keySet().stream()
                    .filter(id -> id.name().equals("disk.total"))
                    .map(id -> id.tag("mount"))
                    .toList();
        }
    }

    @Test
    void byDefaultLocalDiskFilesystemsAndAnOverlayRootAreKept() {
        assertThat(reported(b -> b)).containsExactly("/", "/data", "/data/archive", "/database", "/boot/efi");
    }

    @Test
    void excludedTypesCanBeIncludedAgain() {
        assertThat(reported(b -> b.includeFilesystemTypes("tmpfs", "nfs4")))
                .contains("/dev/shm", "/run", "/home")
                .doesNotContain("/mnt/remote", "/proc");
    }

    @Test
    void moreTypesCanBeExcluded() {
        assertThat(reported(b -> b.excludeFilesystemTypes("vfat", "xfs")))
                .containsExactly("/", "/data/archive", "/database");
    }

    @Test
    void anIncludedMountPointIsKeptWhateverItsType() {
        assertThat(reported(b -> b.includeMountPoints("/dev/shm", "/home")))
                .contains("/dev/shm", "/home")
                .doesNotContain("/run");
    }

    @Test
    void anExcludedMountPointTakesTheMountsBelowItButNotItsNamesakes() {
        assertThat(reported(b -> b.excludeMountPoints("/data"))).containsExactly("/", "/database", "/boot/efi");
    }

    @Test
    void excludingTheRootMountPointExcludesOnlyTheRoot() {
        assertThat(reported(b -> b.excludeMountPoints("/")))
                .containsExactly("/data", "/data/archive", "/database", "/boot/efi");
    }

    @Test
    void aLaterMountOnTheSamePointHidesTheEarlierOne() {
        List<Mount> table = List.of(
                new Mount("/", "rootfs", "rootfs"),
                new Mount("/", "/dev/vda1", "ext4"),
                new Mount("/data", "/dev/vdb", "ext4"),
                new Mount("/data", "tmpfs", "tmpfs"));
        try (HostMetrics host = HostMetrics.builder()
                .filesystemReader(new FakeFilesystems(table, Set.of(), Set.of()))
                .build()) {
            RecordingSink sink = new RecordingSink();
            host.sample(sink);
            assertThat(sink.gauges.keySet())
                    .filteredOn(id -> id.name().equals("disk.total"))
                    .containsExactly(MetricId.of("disk.total", "mount", "/", "device", "/dev/vda1", "type", "ext4"));
        }
    }

    @Test
    void invalidOptionsAreRejectedNamingTheFieldAndValue() {
        assertThatThrownBy(() -> HostMetrics.builder().filesystemRefresh(Duration.ZERO))
                .hasMessageContaining("filesystemRefresh")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> HostMetrics.builder().filesystemDeadline(Duration.ofSeconds(-1)))
                .hasMessageContaining("filesystemDeadline")
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> HostMetrics.builder()
                        .filesystemRefresh(Duration.ofSeconds(1))
                        .filesystemDeadline(Duration.ofSeconds(2))
                        .build())
                .hasMessageContaining("filesystemDeadline")
                .hasMessageContaining("PT2S");
        assertThatThrownBy(() -> HostMetrics.builder().excludeFilesystemTypes("ext4", " "))
                .hasMessageContaining("excludeFilesystemTypes")
                .hasMessageContaining("' '");
        assertThatThrownBy(() -> HostMetrics.builder().excludeInterfaces("(lo"))
                .hasMessageContaining("excludeInterfaces")
                .hasMessageContaining("(lo");
    }
}
