package dev.vigil.core.host;

import java.util.Set;

/**
 * Which mounts {@link HostMetrics} reports, in this order of precedence: a mount point named in
 * {@code includeMounts} is kept; a mount point in {@code excludeMounts} (or below one) is dropped;
 * the root mount {@code /} is kept whatever its type (containers mount it as {@code overlay});
 * any other mount is dropped when its type is in {@code excludeTypes} and not in
 * {@code includeTypes}.
 */
record FilesystemFilter(
        Set<String> includeTypes, Set<String> excludeTypes, Set<String> includeMounts, Set<String> excludeMounts) {

    FilesystemFilter {
        includeTypes = Set.copyOf(includeTypes);
        excludeTypes = Set.copyOf(excludeTypes);
        includeMounts = Set.copyOf(includeMounts);
        excludeMounts = Set.copyOf(excludeMounts);
    }

    boolean keep(Mount mount) {
        String point = mount.mountPoint();
        if (includeMounts.contains(point)) {
            return true;
        }
        if (isExcludedMountPoint(point)) {
            return false;
        }
        if (point.equals("/")) {
            return true;
        }
        return !excludeTypes.contains(mount.type()) || includeTypes.contains(mount.type());
    }

    private boolean isExcludedMountPoint(String point) {
        if (excludeMounts.contains(point)) {
            return true;
        }
        // walk up the parents: /var/lib/docker/overlay2/x/merged is below /var/lib/docker
        int slash = point.lastIndexOf('/');
        while (slash > 0) {
            point = point.substring(0, slash);
            if (excludeMounts.contains(point)) {
                return true;
            }
            slash = point.lastIndexOf('/');
        }
        return false;
    }
}
