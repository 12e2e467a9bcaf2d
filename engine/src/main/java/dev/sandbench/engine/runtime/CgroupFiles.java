package dev.sandbench.engine.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Small helpers for reading and writing cgroupfs files. */
final class CgroupFiles {
    private CgroupFiles() {}

    static void write(Path file, String value) {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.strip() + " to " + file + ": " + e.getMessage(), e);
        }
    }

    static boolean tryWrite(Path file, String value) {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return null;
        }
    }

    static long readLong(Path file) {
        String s = read(file);
        if (s == null || s.isEmpty()) return -1;
        if (s.equals("max")) return Long.MAX_VALUE;
        try {
            return Long.parseLong(s.split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads "key value" lines (memory.stat, memory.events, cpu.stat, memory.oom_control). */
    static long keyed(Path file, String key) {
        String s = read(file);
        if (s == null) return -1;
        for (String line : s.split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2 && kv[0].equals(key)) {
                try {
                    return Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    static List<Long> pids(Path procsFile) {
        String s = read(procsFile);
        List<Long> out = new ArrayList<>();
        if (s == null || s.isEmpty()) return out;
        for (String line : s.split("\n")) {
            if (!line.isBlank()) out.add(Long.parseLong(line.trim()));
        }
        return out;
    }

    static void kill(List<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Removes a cgroup directory and any empty child cgroups below it. */
    static boolean rmdirTree(Path dir) {
        if (!Files.isDirectory(dir)) return true;
        try (Stream<Path> children = Files.list(dir)) {
            for (Path c : children.filter(Files::isDirectory).toList()) {
                rmdirTree(c);
            }
        } catch (IOException e) {
            return false;
        }
        try {
            Files.delete(dir);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits up to about a second for {@code done}, checking at once and then after pauses that
     * grow from 50 microseconds to 5 ms: a freeze of a few processes completes within a
     * fraction of a millisecond, which a fixed 5 ms sleep would round up to 5 ms.
     */
    static void await(java.util.function.BooleanSupplier done) {
        long pause = 50_000;
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 5_000_000);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
