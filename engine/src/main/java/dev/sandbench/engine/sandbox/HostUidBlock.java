package dev.sandbench.engine.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The host uids one root engine gives its sandboxes (docs/decisions/0005): a block of
 * {@value #SIZE} from {@value #FIRST} up that no other engine on the host uses. Every engine with
 * its own data directory (two users' engines, a user's and a system one) would otherwise hand out
 * the same uids, and sandboxes of different engines would own each other's files.
 * <p>
 * Blocks are registered host-wide in {@value #REGISTRY}: one file per block naming the data
 * directory it belongs to, locked by the engine using it for as long as it runs (the kernel drops
 * the lock when the engine dies). An engine takes its data directory's block again at every start,
 * so its sandboxes keep their uids; a new data directory takes the first block that is unlocked and
 * whose data directory is gone, and that holds no uid of /etc/passwd or /etc/group and no range of
 * /etc/subuid or /etc/subgid (rootless containers' uids).
 */
public final class HostUidBlock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostUidBlock.class);
    static final String REGISTRY = "/var/lib/sandbench/uid-blocks";
    static final int FIRST = 200_000;
    static final int SIZE = 65_536;
    /** Blocks up to uid 2^31: Java (and some tools) keep uids in signed ints. */
    private static final int BLOCKS = 32_000;
    /** In the data directory: the block it was given, so a later engine finds its entry stale when the directory is gone. */
    private static final String MARKER = "uid-block";

    private final int index;
    private final FileChannel channel;
    private final FileLock lock;

    private HostUidBlock(int index, FileChannel channel, FileLock lock) {
        this.index = index;
        this.channel = channel;
        this.lock = lock;
    }

    /** The first uid of the block. */
    public int first() {
        return FIRST + index * SIZE;
    }

    /** How many uids it has. */
    public int size() {
        return SIZE;
    }

    public boolean contains(int uid) {
        return uid >= first() && uid < first() + SIZE;
    }

    /** Claims the data directory's block, or a free one; an IOException says why none could be had. */
    public static synchronized HostUidBlock claim(Path dataDir) throws IOException {
        return claim(dataDir, Path.of(REGISTRY));
    }

    static HostUidBlock claim(Path dataDir, Path registry) throws IOException {
        return claim(dataDir, registry, systemRanges());
    }

    /** @param taken uid ranges (first, count) the host has given out already */
    static synchronized HostUidBlock claim(Path dataDir, Path registry, List<int[]> taken) throws IOException {
        Files.createDirectories(registry);
        String owner = dataDir.toRealPath().toString();
        // Claims are made one at a time host-wide: two engines starting together must not both take a block.
        try (FileChannel guard = FileChannel.open(registry.resolve(".claim"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = guard.lock()) {
            Integer mine = markedBlock(dataDir);
            if (mine != null && owner.equals(read(entry(registry, mine)))) {
                HostUidBlock b = lock(registry, mine, owner);
                if (b != null) return b;
                throw new IOException("the host uid block of this data directory (" + range(mine)
                        + ") is in use by another engine: stop it first");
            }
            for (int i = 0; i < BLOCKS; i++) {
                if (overlaps(i, taken)) continue;
                String holder = read(entry(registry, i));
                if (holder != null && !holder.isEmpty() && !stale(holder, i)) continue;
                HostUidBlock b = lock(registry, i, owner);
                if (b == null) continue;
                Files.writeString(dataDir.resolve(MARKER), Integer.toString(i) + "\n");
                if (mine != null && mine != i) {
                    LOG.warn("this data directory's sandboxes had host uids {}, now {}: they keep their files", range(mine), range(i));
                }
                return b;
            }
        } catch (OverlappingFileLockException e) {
            throw new IOException("another engine in this process is claiming host uids at the same time", e);
        }
        throw new IOException("no free block of " + SIZE + " host uids from " + FIRST + " up: every one is used by another "
                + "engine, a user in /etc/passwd, or a range in /etc/subuid or /etc/subgid (" + REGISTRY + ")");
    }

    /** Locks block {@code i} for this engine and names its data directory in it; null when another engine holds it. */
    private static HostUidBlock lock(Path registry, int i, String owner) throws IOException {
        FileChannel ch = FileChannel.open(entry(registry, i), Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // another engine in this process
        }
        if (l == null) {
            ch.close();
            return null;
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(false);
        return new HostUidBlock(i, ch, l);
    }

    /** A block whose data directory is gone, or was given another block since. */
    private static boolean stale(String holder, int i) {
        Integer marked = markedBlock(Path.of(holder));
        return marked == null || marked != i;
    }

    private static Integer markedBlock(Path dataDir) {
        try {
            return Integer.parseInt(Files.readString(dataDir.resolve(MARKER)).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static Path entry(Path registry, int i) {
        return registry.resolve(Integer.toString(i));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "?";
        }
    }

    private static boolean overlaps(int i, List<int[]> ranges) {
        long lo = FIRST + (long) i * SIZE;
        long hi = lo + SIZE;
        for (int[] r : ranges) {
            if (r[0] < hi && (long) r[0] + r[1] > lo) return true;
        }
        return false;
    }

    /** Uids and gids the host has given out already: accounts, groups, and subordinate id ranges. */
    static List<int[]> systemRanges() {
        List<int[]> out = new ArrayList<>();
        for (String f : List.of("/etc/passwd", "/etc/group")) {
            for (String line : lines(f)) {
                String[] p = line.split(":");
                if (p.length > 2 && p[2].matches("\\d{1,10}")) out.add(new int[]{(int) Math.min(Integer.MAX_VALUE, Long.parseLong(p[2])), 1});
            }
        }
        for (String f : List.of("/etc/subuid", "/etc/subgid")) {
            for (String line : lines(f)) {
                String[] p = line.split(":");
                if (p.length == 3 && p[1].matches("\\d{1,10}") && p[2].matches("\\d{1,10}")) {
                    out.add(new int[]{(int) Math.min(Integer.MAX_VALUE, Long.parseLong(p[1])),
                            (int) Math.min(Integer.MAX_VALUE, Long.parseLong(p[2]))});
                }
            }
        }
        return out;
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String range(int i) {
        return (FIRST + i * SIZE) + "-" + (FIRST + i * SIZE + SIZE - 1);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
