package dev.vigil.core.host;

import com.sun.jna.platform.linux.LibC;
import dev.vigil.core.internal.NativeAccess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FilesystemReader} on Linux: the mount table from {@code /proc/self/mountinfo} (reading it
 * never touches the filesystems; unlike {@code /proc/self/mounts} it gives each mount's device
 * number and root, which tell a bind mount from a filesystem of its own) and usage from
 * {@code statvfs(3)} through JNA, which also gives the inode counts that
 * {@link java.nio.file.FileStore} lacks. Without JNA's native library, or on JDK 24+ when the
 * application did not grant native access (JNA would print a warning), it
 * falls back to {@link File}'s space methods, without inodes.
 */
final class LinuxFilesystemReader implements FilesystemReader {

    private static final Logger log = LoggerFactory.getLogger(LinuxFilesystemReader.class);

    /**
     * The mount table, read into a buffer kept between refreshes: a buffered reader cost each
     * refresh about 30 KB of buffers on a new thread, more than the table itself.
     */
    private final ProcFile mountTable;

    private final boolean jna;

    LinuxFilesystemReader() {
        this(Path.of("/proc/self/mountinfo"));
    }

    LinuxFilesystemReader(Path mountInfo) {
        this.mountTable = new ProcFile(mountInfo.toString(), 8192);
        this.jna = jnaUsable();
    }

    private static boolean jnaUsable() {
        if (!NativeAccess.jnaQuiet()) {
            // JDK 24+ without native access granted: loading JNA would print a warning on the
            // application's console. Space comes from File; the inode series are left out.
            log.info(
                    "inode counts (disk.inodes.*) need native access on this JDK: start the JVM with {}",
                    NativeAccess.grantingOption());
            return false;
        }
        try {
            LibC.Statvfs probe = new LibC.Statvfs();
            return LibC.INSTANCE.statvfs("/", probe) == 0;
        } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError: no native JNA here
            return false;
        }
    }

    @Override
    public List<Mount> mounts() throws IOException {
        List<Mount> mounts = new ArrayList<>();
        // FilesystemSampler lists on a fresh thread each minute and never two at a time; the lock
        // only guards the shared buffer should a caller do otherwise
        synchronized (mountTable) {
            mountTable.read();
            mountTable.close(); // read once a minute: not worth a descriptor held open
            for (String line; (line = mountTable.line()) != null; ) {
                Mount m = parse(line);
                if (m != null) {
                    mounts.add(m);
                }
            }
        }
        return mounts;
    }

    /**
     * One line of {@code mountinfo} (proc(5)): {@code id parent major:minor root mount-point
     * options [optional fields...] - type source super-options}; {@code null} when malformed.
     */
    static @Nullable Mount parse(String line) {
        String[] f = line.split(" ", -1);
        int separator = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                separator = i;
                break;
            }
        }
        if (f.length < 7 || separator < 0 || separator + 2 >= f.length) {
            return null;
        }
        return new Mount(unescape(f[4]), unescape(f[separator + 2]), unescape(f[separator + 1]), f[2], unescape(f[3]));
    }

    /** The mount table writes space, tab, newline and backslash as octal escapes, e.g. {@code \040}. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    @Override
    public FilesystemUsage stat(Mount mount) throws IOException {
        if (!jna) {
            File f = new File(mount.mountPoint());
            return new FilesystemUsage(f.getTotalSpace(), f.getFreeSpace(), f.getUsableSpace(), 0, 0);
        }
        LibC.Statvfs vfs = new LibC.Statvfs();
        if (LibC.INSTANCE.statvfs(mount.mountPoint(), vfs) != 0) {
            throw new IOException("statvfs(" + mount.mountPoint() + ") failed");
        }
        long frsize = vfs.f_frsize.longValue();
        long unit = frsize > 0 ? frsize : vfs.f_bsize.longValue();
        return new FilesystemUsage(
                vfs.f_blocks.longValue() * unit,
                vfs.f_bfree.longValue() * unit,
                vfs.f_bavail.longValue() * unit,
                vfs.f_files.longValue(),
                vfs.f_ffree.longValue());
    }
}
