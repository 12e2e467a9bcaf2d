package dev.sandbench.engine.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Bytes of files a sandbox deleted but still holds open: no directory walk sees them, yet they
 * take their space until the last descriptor closes. Found through {@code /proc/PID/fd} of every
 * process in the sandbox's pid namespace, where the kernel marks such a link "(deleted)"; counted
 * once per file however many descriptors hold it. Where the kernel enforces the disk limit it
 * counts them itself (docs/decisions/0015); a measured limit adds them.
 */
final class HeldFiles {
    /** The sandbox's writable places as its processes name them. */
    private static final List<String> WRITABLE = List.of("/workspace/", "/home/user/", "/tmp/", "/dev/shm/");
    private static final String DELETED = " (deleted)";

    private HeldFiles() {}

    static long deletedButOpen(long initPid) {
        Path pidNs;
        try {
            pidNs = Files.readSymbolicLink(Path.of("/proc", Long.toString(initPid), "ns", "pid"));
        } catch (IOException e) {
            return 0;
        }
        Set<Object> seen = new HashSet<>();
        long bytes = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isPid(p.getFileName().toString()))) {
            for (Path proc : procs) {
                try {
                    if (!Files.readSymbolicLink(proc.resolve("ns/pid")).equals(pidNs)) continue;
                    bytes += held(proc.resolve("fd"), seen);
                } catch (IOException | RuntimeException e) {
                    // ended meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            return bytes;
        }
        return bytes;
    }

    private static long held(Path fds, Set<Object> seen) throws IOException {
        long bytes = 0;
        try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
            for (Path fd : links) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!target.endsWith(DELETED) || WRITABLE.stream().noneMatch(target::startsWith)) continue;
                    BasicFileAttributes a = Files.readAttributes(fd, BasicFileAttributes.class);
                    if (a.isRegularFile() && seen.add(a.fileKey())) bytes += a.size();
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile
                }
            }
        }
        return bytes;
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && Character.isDigit(name.charAt(0));
    }
}
