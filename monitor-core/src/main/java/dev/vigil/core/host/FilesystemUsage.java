package dev.vigil.core.host;

/**
 * Space and inodes of one filesystem, as {@code statvfs} gives them.
 *
 * @param totalBytes size of the filesystem
 * @param freeBytes bytes free, including those reserved for root
 * @param availableBytes bytes free for unprivileged users
 * @param totalInodes inodes, or 0 when the filesystem has no fixed count (btrfs, some FUSE)
 * @param freeInodes inodes free
 */
record FilesystemUsage(long totalBytes, long freeBytes, long availableBytes, long totalInodes, long freeInodes) {}
