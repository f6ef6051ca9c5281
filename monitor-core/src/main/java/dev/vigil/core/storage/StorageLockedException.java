package dev.vigil.core.storage;

import java.nio.file.Path;

/** A storage directory is already in use, by another process or another {@link Storage} of this JVM. */
public final class StorageLockedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    StorageLockedException(Path directory) {
        super("Vigil storage directory " + directory + " is in use by another process or monitor (lock "
                + directory.resolve(Storage.LOCK_FILE) + " is held); give each monitor its own directory");
        this.directory = directory;
    }

    /** The directory that is locked. */
    public Path directory() {
        return directory;
    }
}
