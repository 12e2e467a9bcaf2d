package dev.sandbench.engine.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Host-side directory trees the engine owns (sandbox directories, scratch space). */
public final class FileTrees {
    private static final Logger LOG = LoggerFactory.getLogger(FileTrees.class);

    /** The name an upload is written under, beside its target in a sandbox, until it is complete. */
    public static final String UPLOAD_STAGING_PREFIX = ".sandbench-upload-";

    private FileTrees() {}

    /** Deletes a tree without following symlinks; only call it when no sandbox process can touch it. */
    public static void delete(Path root) {
        if (!Files.exists(root)) return;
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    // A sandbox may leave directories it made unreadable; the engine owns them on the host.
                    dir.toFile().setReadable(true, true);
                    dir.toFile().setWritable(true, true);
                    dir.toFile().setExecutable(true, true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    // Gone meanwhile: another delete of the same tree got there first (a restore's
                    // cleanup while its sandbox is destroyed).
                    if (exc instanceof java.nio.file.NoSuchFileException) return FileVisitResult.CONTINUE;
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (exc != null && !(exc instanceof java.nio.file.NoSuchFileException)) throw exc;
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete all of {}: {}", root, e.getMessage());
        }
    }

    /**
     * Deletes the regular files below {@code root} whose names start with {@code prefix}, without
     * following symlinks; only call it when no sandbox process can touch the tree. The count.
     */
    public static int deleteNamed(Path root, String prefix) {
        int[] deleted = {0};
        if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return 0;
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile() && file.getFileName().toString().startsWith(prefix) && Files.deleteIfExists(file)) {
                        deleted[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not look through all of {}: {}", root, e.getMessage());
        }
        return deleted[0];
    }

    /** Sum of file sizes below {@code root}, not following symlinks; unreadable parts count as 0. */
    public static long size(Path root) {
        long[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a partial sum is still the best figure there is
        }
        return total[0];
    }
}
