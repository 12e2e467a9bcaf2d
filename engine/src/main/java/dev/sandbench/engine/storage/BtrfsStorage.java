package dev.sandbench.engine.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The engine's own btrfs file system: a sparse image in the data directory ({@value #IMAGE}),
 * loop-mounted at {@code storage/} with quotas on. Each sandbox's directory is a subvolume whose
 * qgroup limits what it refers to, so the kernel counts every block it holds (deleted files still
 * open included) and refuses writes past {@code disk_gb} with EDQUOT. The image is made once and
 * kept; a mount left by a crashed engine is used again; the engine unmounts it when it stops.
 * btrfs because this host's kernels build neither XFS nor ext4 quotas (docs/decisions/0015); it
 * also has reflinks for copy-on-write forks.
 */
final class BtrfsStorage implements Storage {
    private static final Logger LOG = LoggerFactory.getLogger(BtrfsStorage.class);
    static final String IMAGE = "storage.btrfs";
    static final String MOUNT = "storage";
    /** Below this much room for the image the engine keeps plain directories. */
    private static final long MIN_IMAGE = 2L << 30;
    /** The subvolume root's inode number on btrfs, whatever the subvolume. */
    private static final long SUBVOLUME_INODE = 256;

    private final Path mount;
    private final long imageBytes;
    private final Path btrfs;

    private final Thread unmountAtExit = new Thread(this::unmount, "storage-unmount");
    private volatile boolean closed;

    private BtrfsStorage(Path mount, long imageBytes, Path btrfs) {
        this.mount = mount;
        this.imageBytes = imageBytes;
        this.btrfs = btrfs;
        // An embedding application that exits without closing its engine still leaves nothing mounted.
        Runtime.getRuntime().addShutdownHook(unmountAtExit);
    }

    /** Null when this engine can keep its sandboxes on btrfs volumes, else why not. */
    static String whyNot(Path dataDir, long sizeBytes) {
        if (tool("mkfs.btrfs").isEmpty() || tool("btrfs").isEmpty()) {
            return "btrfs-progs is not installed (Debian/Ubuntu: sudo apt-get install btrfs-progs)";
        }
        if (!Btrfs.available()) return "the C library is not reachable through JNA";
        if (Files.exists(dataDir.resolve(IMAGE))) return null;
        try {
            if (!Files.readString(Path.of("/proc/filesystems")).contains("\tbtrfs")) return "this kernel has no btrfs";
            long free = Files.getFileStore(dataDir).getUsableSpace();
            long want = sizeBytes > 0 ? sizeBytes : free / 2;
            if (want < MIN_IMAGE || want > free) {
                return "no room for a storage image of " + (want >> 30) + " GB in the data directory (" + (free >> 20) + " MB free)";
            }
        } catch (IOException e) {
            return "cannot check the data directory's file system: " + e.getMessage();
        }
        return null;
    }

    static BtrfsStorage mount(Path dataDir, long sizeBytes) throws IOException {
        Path image = dataDir.resolve(IMAGE);
        Path mount = dataDir.resolve(MOUNT);
        Files.createDirectories(mount);
        Files.setPosixFilePermissions(mount, PosixFilePermissions.fromString("rwx--x--x"));
        Path btrfs = tool("btrfs").orElseThrow();
        if (mounted(mount)) {
            LOG.info("using the sandbox storage an earlier run of the engine left mounted");
        } else {
            if (!Files.exists(image)) create(image, sizeBytes > 0 ? sizeBytes : Files.getFileStore(dataDir).getUsableSpace() / 2);
            // nodev, nosuid: nothing on it is a device or gains privileges; commit=5 keeps qgroup figures fresh.
            run(List.of("mount", "-t", "btrfs", "-o", "loop,nodev,nosuid,discard=async,commit=5", image.toString(), mount.toString()));
        }
        run(List.of(btrfs.toString(), "quota", "enable", mount.toString()));
        for (String d : List.of("sandboxes", "workspaces")) {
            Path p = Files.createDirectories(mount.resolve(d));
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
        }
        BtrfsStorage s = new BtrfsStorage(mount, Files.size(image), btrfs);
        s.migrate(dataDir);
        return s;
    }

    private static void create(Path image, long bytes) throws IOException {
        Files.createFile(image, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(bytes); // sparse: the host's disk holds only what sandboxes write
        }
        try {
            run(List.of(tool("mkfs.btrfs").orElseThrow().toString(), "-q", image.toString()));
        } catch (IOException e) {
            Files.deleteIfExists(image);
            throw e;
        }
        LOG.info("made a {} GB sandbox storage image ({}) in the data directory", bytes >> 30, IMAGE);
    }

    /** Sandboxes and workspaces an engine before this one kept in the data directory itself move in (copied once). */
    private void migrate(Path dataDir) throws IOException {
        for (String d : List.of("sandboxes", "workspaces")) {
            Path old = dataDir.resolve(d);
            if (!Files.isDirectory(old)) continue;
            List<Path> entries;
            try (var s = Files.list(old)) {
                entries = s.toList();
            }
            for (Path e : entries) {
                Path target = mount.resolve(d).resolve(e.getFileName().toString());
                if (!Files.exists(target)) {
                    LOG.info("moving {}/{} into the sandbox storage", d, e.getFileName());
                    run(List.of("cp", "-a", "--reflink=auto", e.toString(), target.toString()));
                }
                run(List.of("rm", "-rf", "--one-file-system", e.toString()));
            }
            Files.deleteIfExists(old);
        }
    }

    @Override
    public Path root() {
        return mount;
    }

    @Override
    public boolean hard() {
        return true;
    }

    @Override
    public String describe() {
        return "enforced by the kernel: each sandbox's files (workspace, home, tmp, /dev/shm) are a btrfs subvolume "
                + "whose qgroup is limited to disk_gb, on the engine's own " + (imageBytes >> 30) + " GB file system "
                + "(a sparse image in the data directory); writes past it fail inside with EDQUOT ('Disk quota exceeded'), "
                + "deleted files still held open count, the sandbox keeps running. A sandbox that mounts a named workspace "
                + "is measured instead (the workspace outlives it)";
    }

    @Override
    public void createVolume(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Btrfs.createSubvolume(dir);
    }

    @Override
    public boolean isVolume(Path dir) {
        try {
            return dir.startsWith(mount) && ((Number) Files.getAttribute(dir, "unix:ino")).longValue() == SUBVOLUME_INODE;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void limit(Path volume, long bytes) throws IOException {
        Btrfs.limitReferenced(volume, bytes);
    }

    /** One {@code btrfs qgroup show} for every volume: referenced bytes as of the last commit (at most 5 s old). */
    @Override
    public Map<Path, Long> usage() {
        Map<Path, Long> m = new HashMap<>();
        try {
            for (String line : output(List.of(btrfs.toString(), "qgroup", "show", "--raw", "-r", mount.toString())).split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 5 || !f[0].startsWith("0/") || f[f.length - 1].startsWith("<")) continue;
                m.put(mount.resolve(f[f.length - 1]), Long.parseLong(f[1]));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read the storage's qgroups: {}", e.getMessage());
        }
        return m;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(unmountAtExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook unmounts
            return;
        }
        unmount();
    }

    private synchronized void unmount() {
        if (closed) return;
        closed = true;
        try {
            run(List.of("umount", mount.toString()));
        } catch (IOException e) {
            // A process that outlived its sandbox still holds it: detach it, the kernel finishes when it ends.
            try {
                run(List.of("umount", "-l", mount.toString()));
            } catch (IOException again) {
                LOG.warn("could not unmount the sandbox storage: {}", again.getMessage());
            }
        }
    }

    private static boolean mounted(Path mount) throws IOException {
        String want = mount.toRealPath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && unescape(f[4]).equals(want)) return true;
        }
        return false;
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    static Optional<Path> tool(String name) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static void run(List<String> cmd) throws IOException {
        output(cmd);
    }

    private static String output(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0).replaceAll(".*/", "") + " " + cmd.get(1) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }
}
