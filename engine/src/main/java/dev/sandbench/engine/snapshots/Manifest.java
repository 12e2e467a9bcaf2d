package dev.sandbench.engine.snapshots;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * What a tree of files holds: each path (as the sandbox sees it, e.g. {@code /workspace/a.py})
 * with its type, size, mode and content hash. Built from a snapshot archive or from a sandbox's
 * live directories, so the two can be compared.
 */
record Manifest(Map<String, Entry> entries) {
    private static final Map<String, String> MOUNT = Archives.MOUNT;

    /** One path: {@code type} is file, dir or link; {@code hash} is the SHA-256 of a file or a link's target. */
    record Entry(String type, long size, int mode, String hash) {}

    /** Reads every entry of an archive (names checked as on restore). */
    static Manifest ofArchive(Path archive, String format) throws IOException {
        Map<String, Entry> m = new TreeMap<>();
        read(archive, format, (path, e, tar) -> {
            if (path == null) return false;
            m.put(path, entry(e, tar));
            return false;
        });
        return new Manifest(m);
    }

    /** Walks a sandbox's writable directories (name inside -> host directory) without following links. */
    static Manifest ofTree(Map<String, Path> dirs) throws IOException {
        Map<String, Entry> m = new TreeMap<>();
        for (Map.Entry<String, Path> d : dirs.entrySet()) {
            Path root = d.getValue();
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) continue;
            String mount = MOUNT.get(d.getKey());
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(root)) m.put(inside(mount, root, dir), new Entry("dir", 0, mode(dir), null));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String path = inside(mount, root, file);
                    if (attrs.isSymbolicLink()) {
                        m.put(path, new Entry("link", 0, 0777, sha(Files.readSymbolicLink(file).toString())));
                    } else if (attrs.isRegularFile()) {
                        m.put(path, new Entry("file", attrs.size(), mode(file), shaOf(file)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE; // removed while walking
                }
            });
        }
        return new Manifest(m);
    }

    /** The bytes of one file in an archive, or null when the archive has no such file. */
    static byte[] fileContent(Path archive, String format, String wanted, long maxBytes) throws IOException {
        byte[][] found = {null};
        read(archive, format, (path, e, tar) -> {
            if (!wanted.equals(path) || !e.isFile()) return false;
            if (e.getSize() > maxBytes) throw new TooLarge(e.getSize());
            found[0] = tar.readAllBytes();
            return true;
        });
        return found[0];
    }

    /** A file too large to return whole. */
    static final class TooLarge extends IOException {
        final long size;

        TooLarge(long size) {
            super("the file has " + size + " bytes");
            this.size = size;
        }
    }

    private interface Visitor {
        /** Called per entry ({@code path} null for the top-level directories); true stops the walk. */
        boolean visit(String path, TarArchiveEntry e, TarArchiveInputStream tar) throws IOException;
    }

    private static void read(Path archive, String format, Visitor v) throws IOException {
        Process z = null;
        InputStream raw;
        if (format.equals(Archives.ZSTD)) {
            z = new ProcessBuilder(Archives.zstd().orElseThrow(() -> new Archives.InvalidArchive(
                    "this engine has no zstd to read the archive")).toString(), "-q", "-d", "-c", archive.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            raw = z.getInputStream();
        } else {
            raw = new GZIPInputStream(Files.newInputStream(archive), 1 << 16);
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(raw, 1 << 16))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String[] parts = Archives.name(e.getName());
                String path = parts.length == 1 ? null
                        : MOUNT.get(parts[0]) + "/" + String.join("/", java.util.Arrays.copyOfRange(parts, 1, parts.length));
                if (v.visit(path, e, tar)) break;
            }
        } finally {
            if (z != null) z.destroy();
        }
    }

    private static Entry entry(TarArchiveEntry e, TarArchiveInputStream tar) throws IOException {
        if (e.isDirectory()) return new Entry("dir", 0, e.getMode() & 07777, null);
        if (e.isSymbolicLink()) return new Entry("link", 0, 0777, sha(e.getLinkName()));
        MessageDigest sha = sha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            tar.transferTo(out);
        }
        return new Entry("file", e.getSize(), e.getMode() & 07777, HexFormat.of().formatHex(sha.digest()));
    }

    private static String inside(String mount, Path root, Path p) {
        return mount + "/" + root.relativize(p).toString();
    }

    private static int mode(Path p) {
        try {
            Object m = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return ((Integer) m) & 07777;
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    private static String shaOf(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
             OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Only the entries whose path passes {@code keep}. */
    Manifest filter(Predicate<String> keep) {
        Map<String, Entry> m = new TreeMap<>();
        entries.forEach((k, v) -> {
            if (keep.test(k)) m.put(k, v);
        });
        return new Manifest(m);
    }
}
