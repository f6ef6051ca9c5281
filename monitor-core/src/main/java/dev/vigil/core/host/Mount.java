package dev.vigil.core.host;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One mounted filesystem as the mount table lists it.
 *
 * @param mountPoint where it is mounted, e.g. {@code /}
 * @param device what is mounted, e.g. {@code /dev/sda1}
 * @param type the filesystem type, e.g. {@code ext4}
 * @param filesystem what identifies the mounted filesystem itself, the same for every mount of it
 *     (bind mounts included), e.g. the device number {@code 8:1} from {@code /proc/self/mountinfo};
 *     {@code null} when the mount table does not say
 * @param root the directory of that filesystem mounted here: {@code /} for the whole filesystem,
 *     {@code /var/lib/kubelet/pods/x/etc-hosts} for a bind mount of a part; {@code null} when unknown
 */
record Mount(
        String mountPoint,
        String device,
        String type,
        @Nullable String filesystem,
        @Nullable String root) {

    /** A mount whose filesystem identity is unknown (never merged with another). */
    Mount(String mountPoint, String device, String type) {
        this(mountPoint, device, type, null, null);
    }

    /** Whether the whole filesystem is mounted here, not a directory of it (a bind mount). */
    boolean wholeFilesystem() {
        return root == null || root.equals("/");
    }

    // equals and hashCode written out, with the record's meaning: the generated ones link method
    // handles on their first call, which allocated about 800 KB and took milliseconds on the
    // sampling thread at the first filesystem refresh after start.

    @Override
    public boolean equals(Object o) {
        return o instanceof Mount m
                && Objects.equals(mountPoint, m.mountPoint)
                && Objects.equals(device, m.device)
                && Objects.equals(type, m.type)
                && Objects.equals(filesystem, m.filesystem)
                && Objects.equals(root, m.root);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mountPoint, device, type, filesystem, root);
    }
}
