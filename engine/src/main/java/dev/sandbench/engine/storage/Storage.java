package dev.sandbench.engine.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where sandboxes keep their writable files, and how hard their disk limit is (docs/decisions/0015).
 * An engine running as root keeps them on a btrfs file system of its own (a loop-mounted image in
 * the data directory) where each sandbox's directory is a subvolume with a qgroup limit of its
 * {@code disk_gb}: the kernel refuses writes past it (EDQUOT inside), and counts everything the
 * sandbox holds, deleted files still open included. Elsewhere the files are plain directories and
 * the limit is measured ({@link PlainStorage}).
 */
public interface Storage extends AutoCloseable {
    /** The directory holding {@code sandboxes/} and {@code workspaces/}. */
    Path root();

    /** Whether {@link #createVolume} makes directories whose limit the kernel enforces. */
    boolean hard();

    /** What /v1/info says about the disk limit. */
    String describe();

    /**
     * Creates a sandbox's directory: a volume with its own limit where {@link #hard()}, else a
     * plain directory.
     */
    void createVolume(Path dir) throws IOException;

    /** Whether {@code dir} is a volume made by {@link #createVolume} (its limit is the kernel's). */
    boolean isVolume(Path dir);

    /** Sets a volume's limit in bytes. */
    void limit(Path volume, long bytes) throws IOException;

    /** Bytes each volume holds now, by directory (empty where nothing is measured this way). */
    Map<Path, Long> usage();

    /** Unmounts what was mounted at start. */
    @Override
    void close();

    /**
     * The storage for an engine: btrfs volumes as root where the tools and the space for an image
     * exist, else plain directories in the data directory (the reason is logged).
     *
     * @param sizeBytes size of a new image; 0 picks half of the free space, -1 keeps plain directories
     */
    static Storage open(Path dataDir, long sizeBytes, boolean root) throws IOException {
        if (root && sizeBytes >= 0) {
            String whyNot = BtrfsStorage.whyNot(dataDir, sizeBytes);
            if (whyNot == null) {
                boolean existed = java.nio.file.Files.exists(dataDir.resolve(BtrfsStorage.IMAGE));
                try {
                    return BtrfsStorage.mount(dataDir, sizeBytes);
                } catch (IOException e) {
                    // An image with sandboxes' files in it must not be silently replaced by empty directories.
                    if (existed) throw new IOException("cannot mount the sandbox storage image: " + e.getMessage(), e);
                    java.nio.file.Files.deleteIfExists(dataDir.resolve(BtrfsStorage.IMAGE));
                    whyNot = "the storage image could not be made: " + e.getMessage();
                }
            }
            return new PlainStorage(dataDir, whyNot);
        }
        return new PlainStorage(dataDir, root ? "disabled with --storage-gb -1" : "an ordinary user cannot mount file systems or set quotas");
    }
}
