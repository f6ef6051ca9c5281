package dev.vigil.core.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import oshi.software.os.FileSystem;
import oshi.software.os.OSFileStore;

/**
 * {@link FilesystemReader} on systems other than Linux, through OSHI. OSHI's listing reads the
 * usage of every store too, so {@link #mounts} may block as well; the refresh runs it under the
 * same deadline as the stats.
 */
final class OshiFilesystemReader implements FilesystemReader {

    private final FileSystem fileSystem;
    private volatile Map<String, OSFileStore> stores = Map.of();

    OshiFilesystemReader(FileSystem fileSystem) {
        this.fileSystem = fileSystem;
    }

    @Override
    public List<Mount> mounts() {
        Map<String, OSFileStore> byMount = new HashMap<>();
        List<Mount> mounts = new ArrayList<>();
        for (OSFileStore store : fileSystem.getFileStores(false)) {
            byMount.put(store.getMount(), store);
            String volume = store.getVolume();
            // a block device path names one filesystem: its bind mounts are merged as on Linux
            String filesystem = volume != null && volume.startsWith("/dev/") ? volume : null;
            mounts.add(new Mount(store.getMount(), volume, store.getType(), filesystem, null));
        }
        stores = byMount;
        return mounts;
    }

    @Override
    public FilesystemUsage stat(Mount mount) throws IOException {
        OSFileStore store = stores.get(mount.mountPoint());
        if (store == null || !store.updateAttributes()) {
            throw new IOException("no usage for " + mount.mountPoint());
        }
        return new FilesystemUsage(
                store.getTotalSpace(),
                store.getFreeSpace(),
                store.getUsableSpace(),
                Math.max(store.getTotalInodes(), 0),
                Math.max(store.getFreeInodes(), 0));
    }
}
