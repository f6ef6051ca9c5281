package dev.vigil.core.host;

import java.util.List;

/**
 * Lists mounts and reads their usage. {@link #stat} may hang (a stale NFS mount blocks
 * {@code statvfs} in the kernel), so it is only ever called on a filesystem refresh thread,
 * under a deadline; {@link #mounts} must not touch the filesystems themselves.
 */
interface FilesystemReader {

    /** The mount table, in order; later entries for the same mount point hide earlier ones. */
    List<Mount> mounts() throws Exception;

    /** Usage of one mount; may block. */
    FilesystemUsage stat(Mount mount) throws Exception;
}
