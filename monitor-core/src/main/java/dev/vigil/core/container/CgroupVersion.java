package dev.vigil.core.container;

/**
 * Which cgroup hierarchy the JVM's resource usage is read from.
 *
 * <pre>{@code
 * if (ContainerMetrics.create().version() == CgroupVersion.NONE) log.info("not in a cgroup");
 * }</pre>
 */
public enum CgroupVersion {
    /** cgroup v1: one hierarchy per controller (also chosen on hybrid hosts where v1 holds the controllers). */
    V1,
    /** cgroup v2: the unified hierarchy. */
    V2,
    /** No cgroup found (not Linux, or no cgroup file system mounted): no series. */
    NONE
}
