package dev.sandbench.engine.snapshots;

import dev.sandbench.engine.runtime.HostTools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Snapshot archives: a POSIX tar of the sandbox's writable directories (top-level entries
 * {@code workspace/}, {@code home/}, {@code tmp/}), compressed with zstd where the host has it
 * (gzip otherwise). Writing walks the directories without following links. Reading is the
 * dangerous half: every entry is checked before anything is written, names may not be absolute
 * or contain "..", links may not point outside the sandbox's writable area, nothing is ever
 * written through a link, and a corrupt or truncated stream fails the whole extraction.
 */
final class Archives {
    static final String ZSTD = "tar.zst";
    static final String GZIP = "tar.gz";
    static final Set<String> TOP = Set.of("workspace", "home", "tmp");
    static final Map<String, String> MOUNT = Map.of("workspace", "/workspace", "home", "/home/user", "tmp", "/tmp");

    /** An archive that must not be unpacked, with the reason. */
    static final class InvalidArchive extends IOException {
        /** The SHA-256 of the refused archive, when it was read to its end (else null). */
        String sha256;

        InvalidArchive(String message) {
            super(message);
        }
    }

    record Written(long size, String sha256) {}

    private Archives() {}

    static Optional<Path> zstd() {
        return HostTools.locate("zstd");
    }

    static String preferredFormat() {
        return zstd().isPresent() ? ZSTD : GZIP;
    }

    /** Detects the format from the first bytes (zstd or gzip magic). */
    static String sniff(byte[] head) throws InvalidArchive {
        if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) return ZSTD;
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) return GZIP;
        throw new InvalidArchive("not a snapshot archive: expected a tar compressed with zstd or gzip");
    }

    /** The host programs an archive is written with where they exist: GNU tar, and find to name the files. */
    record Tools(Optional<Path> tar, Optional<Path> find) {
        static Tools ofHost() {
            return new Tools(HostTools.locate("tar"), HostTools.locate("find"));
        }
    }

    /** What a writer reports while it works. */
    interface Listener {
        /** About {@code bytes} of files read so far. */
        void progress(long bytes);

        /** Every file has been read: what is left (compressing, hashing, syncing) no longer reads the tree. */
        void filesRead();
    }

    /** Writes {@code dirs} (name inside the archive -> host directory) to {@code out}. */
    static Written write(Map<String, Path> dirs, Path out, String format, Listener listener) throws IOException {
        return write(dirs, out, format, listener, Tools.ofHost());
    }

    /** As {@link #write(Map, Path, String, Listener)}, with the host programs given (tests take some away). */
    static Written write(Map<String, Path> dirs, Path out, String format, Listener listener, Tools tools) throws IOException {
        LongConsumer progress = listener::progress;
        if (format.equals(ZSTD) && tools.tar().isPresent()) {
            return writeWithTar(tools, dirs, out, listener);
        }
        if (format.equals(GZIP)) {
            MessageDigest sha = sha256();
            try (OutputStream file = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16), sha);
                 GZIPOutputStream gz = new GZIPOutputStream(file, 1 << 16)) {
                tar(dirs, gz, progress);
                listener.filesRead();
            }
            force(out);
            return new Written(Files.size(out), HexFormat.of().formatHex(sha.digest()));
        }
        // The engine's own tar into zstd, which writes the file; hashed as it grows, like the host tar's.
        Process z = new ProcessBuilder(zstd().orElseThrow().toString(), "-q", "-1", "-T0", "-c")
                .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> hash = follow(out, z);
        try {
            try (OutputStream toZstd = new BufferedOutputStream(z.getOutputStream(), 1 << 18)) {
                tar(dirs, toZstd, progress);
            }
            listener.filesRead();
            if (z.waitFor() != 0) throw new IOException("zstd failed with code " + z.exitValue());
            return finish(out, hash);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            z.destroyForcibly();
        }
    }

    /** The archive once its writer has exited: hashed to its end, then synced. */
    private static Written finish(Path out, CompletableFuture<String> hash) throws IOException {
        String sum;
        try {
            sum = hash.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
        force(out);
        return new Written(Files.size(out), sum);
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static final java.util.regex.Pattern CHECKPOINT = java.util.regex.Pattern.compile("(?:\\S*tar: )?(\\d+)");
    /** Starts a renamed name until the last rename strips it: no path holds it, so no later rename matches. */
    private static final String MARK = "\u0001";

    /** {@code text} as a POSIX basic regular expression matching itself, with ',' (the renames' delimiter) escaped. */
    static String basicRegex(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if ("[]\\.*^$,".indexOf(c) >= 0) b.append('\\');
            b.append(c);
        }
        return b.toString();
    }

    private static final java.util.regex.Pattern TAR_EXIT = java.util.regex.Pattern.compile("tar-exit: (\\d{1,3})");

    /** The directory that holds every one of {@code dirs} under its archive name, or null. */
    private static Path commonParent(Map<String, Path> dirs) {
        Path parent = null;
        for (Map.Entry<String, Path> d : dirs.entrySet()) {
            Path p = d.getValue().toAbsolutePath().normalize();
            if (!p.getFileName().toString().equals(d.getKey())) return null;
            if (parent == null) parent = p.getParent();
            else if (!parent.equals(p.getParent())) return null;
        }
        return parent;
    }

    /**
     * The same archive through the host's tar: the host's find names what goes in (directories,
     * regular files and links; never fifos, sockets or devices), tar reads and packs them into
     * zstd, and zstd writes the archive file itself. The three run as one pipeline of one host
     * {@code sh}, so the engine spawns one process, not three (each JVM spawn costs a few
     * milliseconds). This thread's neighbour follows the file as it grows and hashes what was
     * written, so the checksum costs no second pass and no copy through a pipe. Native tools are
     * fast from the first snapshot on, where Java code that runs as rarely as a snapshot is still
     * interpreted (a Java tar measured about 2x the time of {@code tar | zstd}; a Java walk
     * naming the files, 10-30%). Without find, the engine walks and writes the names to tar.
     *
     * <p>Where the directories share a parent under their archive names, tar runs there on
     * relative names. Otherwise (a named workspace lives apart from its sandbox) tar runs at
     * {@code /} on absolute names and renames each directory's prefix to its archive name:
     * file names only, never link targets (flags {@code SH}), each through a marker character
     * that no later rename can match, which the last one strips.
     */
    private static Written writeWithTar(Tools tools, Map<String, Path> dirs, Path out, Listener listener)
            throws IOException {
        Path parent = commonParent(dirs);
        Path root = parent != null ? parent : Path.of("/");
        // Each present directory -> the name it is listed under: relative, or absolute to be renamed.
        Map<Path, String> starts = new java.util.LinkedHashMap<>();
        List<String> renames = new ArrayList<>();
        for (Map.Entry<String, Path> d : dirs.entrySet()) {
            Path dir = d.getValue().toAbsolutePath().normalize();
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) continue;
            if (parent != null) {
                starts.put(dir, d.getKey());
            } else {
                starts.put(dir, dir.toString());
                // tar has stripped the leading '/' when it renames.
                renames.add("--transform=s,^" + basicRegex(dir.toString().substring(1)) + "\\(/.*\\)*$," + MARK + d.getKey()
                        + "\\1,SH");
            }
        }
        if (!renames.isEmpty()) renames.add("--transform=s,^" + MARK + ",,SH");
        Optional<Path> find = starts.isEmpty() ? Optional.empty() : tools.find();
        // Tools, names and renames are positional parameters and environment, never parts of the
        // script. tar's exit code is written after its checkpoints on the same stderr; the shell's
        // own is zstd's.
        String names = find.isPresent()
                ? "\"$FIND\" -P \"$@\" '(' -type d -o -type f -o -type l ')' -print0 2>/dev/null | "
                : "";
        StringBuilder renameArgs = new StringBuilder();
        for (int i = 0; i < renames.size(); i++) renameArgs.append(" \"$RENAME").append(i).append('"');
        String script = names
                + "{ \"$TAR\" -C \"$PARENT\" --create --file=- --format=gnu --no-recursion --null --verbatim-files-from"
                + " --files-from=- --hard-dereference --numeric-owner --owner=1000 --group=1000" + renameArgs
                // A line "tar: N" on stderr every 100 records (N records of 10 KiB so far), for progress.
                + " --checkpoint=100 --checkpoint-action=echo=%u; echo \"tar-exit: $?\" >&2; }"
                + " | \"$ZSTD\" -q -1 -T0 -c";
        List<String> cmd = new ArrayList<>(List.of(HostTools.locate("sh").orElse(Path.of("/bin/sh")).toString(), "-c", script, "sh"));
        cmd.addAll(starts.values());
        ProcessBuilder pb = HostTools.hostProcess(cmd).directory(root.toFile())
                .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()));
        pb.environment().put("FIND", find.map(Path::toString).orElse(""));
        pb.environment().put("TAR", tools.tar().orElseThrow().toString());
        pb.environment().put("ZSTD", zstd().orElseThrow().toString());
        pb.environment().put("PARENT", root.toString());
        for (int i = 0; i < renames.size(); i++) pb.environment().put("RENAME" + i, renames.get(i));
        if (find.isPresent()) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process sh = pb.start();
        java.nio.charset.Charset encoding = java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        // find's exit code is not checked: like the walk, it passes over what vanished meanwhile.
        CompletableFuture<Void> list = find.isPresent() ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(() -> {
            try (OutputStream toTar = new BufferedOutputStream(sh.getOutputStream(), 1 << 16)) {
                for (Map.Entry<Path, String> d : starts.entrySet()) listTree(d.getValue(), d.getKey(), toTar, encoding);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, COPIER);
        if (find.isPresent()) sh.getOutputStream().close();
        CompletableFuture<String> hash = follow(out, sh);
        StringBuilder errors = new StringBuilder();
        int tarCode = -1;
        try (java.io.BufferedReader err = new java.io.BufferedReader(new java.io.InputStreamReader(sh.getErrorStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                java.util.regex.Matcher m = CHECKPOINT.matcher(line);
                if (m.matches()) listener.progress(Long.parseLong(m.group(1)) * 10240);
                else if ((m = TAR_EXIT.matcher(line)).matches()) {
                    // The shell's line, after tar ended (tar's own lines start with its name and
                    // escape newlines in file names, so none can look like it).
                    if (tarCode < 0) listener.filesRead();
                    tarCode = Integer.parseInt(m.group(1));
                } else if (errors.length() < 2000) errors.append(line).append('\n');
            }
            int zstdCode = sh.waitFor();
            list.join();
            // zstd first: when it fails (a full disk), tar fails after it on the broken pipe.
            if (zstdCode != 0) throw new IOException("zstd failed with code " + zstdCode + ": " + errors.toString().strip());
            // tar exits 1 when a file changed while it was read: the archive is not one instant then.
            if (tarCode != 0) throw new IOException("tar failed with code " + tarCode + ": " + errors.toString().strip());
            return finish(out, hash);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.CompletionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } finally {
            // Normally all have exited; after a failure, find, tar and zstd go with their shell.
            sh.descendants().forEach(ProcessHandle::destroyForcibly);
            sh.destroyForcibly();
        }
    }

    /** Names (NUL-terminated, under {@code top}) every directory, regular file and link under {@code root}. */
    private static void listTree(String top, Path root, OutputStream out, java.nio.charset.Charset names) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                name(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() || attrs.isSymbolicLink()) name(file);
                return FileVisitResult.CONTINUE; // sockets, fifos, devices: not state worth keeping
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE; // vanished meanwhile (a stopped sandbox has no writers)
            }

            private void name(Path p) throws IOException {
                String rel = root.relativize(p).toString();
                out.write((rel.isEmpty() ? top : top + "/" + rel).getBytes(names));
                out.write(0);
            }
        });
    }

    private static final java.util.concurrent.ExecutorService COPIER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "snapshot-io");
        t.setDaemon(true);
        return t;
    });

    /**
     * Hashes {@code file} while {@code writer} appends to it, until the writer has exited and
     * every byte is read. Reads never pass the file's size, which an appending write raises only
     * after its bytes are in place, so nothing is read half-written. Every {@link #FLUSH_EVERY}
     * bytes it has the disk start on what was written (an fdatasync on another thread, while the
     * writer goes on), so the fsync that makes the snapshot durable at the end waits for the last
     * few megabytes only, not for the whole archive.
     */
    private static CompletableFuture<String> follow(Path file, Process writer) {
        return CompletableFuture.supplyAsync(() -> {
            MessageDigest sha = sha256();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
                CompletableFuture<Void> flushing = CompletableFuture.completedFuture(null);
                long unflushed = 0;
                boolean exited = false;
                while (true) {
                    int n = ch.read(buf.clear());
                    if (n > 0) {
                        sha.update(buf.flip());
                        unflushed += n;
                        if (unflushed >= FLUSH_EVERY && flushing.isDone()) {
                            unflushed = 0;
                            flushing = CompletableFuture.runAsync(() -> {
                                try {
                                    ch.force(false);
                                } catch (IOException e) {
                                    // the final fsync reports it
                                }
                            }, COPIER);
                        }
                    } else if (exited) {
                        break;
                    } else {
                        // At the end of what is written so far: wait for more, or for the writer's exit
                        // (then one more pass reads what it wrote last).
                        exited = writer.waitFor(1, java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                }
                flushing.join();
                return HexFormat.of().formatHex(sha.digest());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted");
            }
        }, COPIER);
    }

    /** Bytes written between two early flushes of the archive to disk. */
    private static final long FLUSH_EVERY = 8L << 20;

    private static void tar(Map<String, Path> dirs, OutputStream out, LongConsumer progress) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        long[] done = {0};
        for (Map.Entry<String, Path> d : dirs.entrySet()) {
            Path root = d.getValue();
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) continue;
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    add(tar, d.getKey(), root, dir, attrs);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    add(tar, d.getKey(), root, file, attrs);
                    if (attrs.isRegularFile()) progress.accept(done[0] += attrs.size());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE; // vanished meanwhile (a stopped sandbox has no writers)
                }
            });
        }
        tar.finish();
    }

    private static void add(TarArchiveOutputStream tar, String top, Path root, Path p, BasicFileAttributes attrs)
            throws IOException {
        String rel = root.relativize(p).toString().replace('\\', '/');
        String name = rel.isEmpty() ? top + "/" : top + "/" + rel + (attrs.isDirectory() ? "/" : "");
        TarArchiveEntry e;
        if (attrs.isSymbolicLink()) {
            e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (attrs.isDirectory() || attrs.isRegularFile()) {
            e = new TarArchiveEntry(name);
            if (attrs.isRegularFile()) e.setSize(attrs.size());
        } else {
            return; // sockets, fifos, devices: not state worth keeping
        }
        e.setModTime(attrs.lastModifiedTime().toMillis());
        e.setMode((attrs.isDirectory() ? 040000 : attrs.isSymbolicLink() ? 0120000 : 0100000) | mode(p));
        e.setUserId(1000);
        e.setGroupId(1000);
        tar.putArchiveEntry(e);
        if (attrs.isRegularFile()) {
            try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                byte[] buf = COPY_BUFFER.get();
                long copied = 0;
                int n;
                while ((n = in.read(buf)) > 0) {
                    tar.write(buf, 0, n);
                    copied += n;
                }
                if (copied != attrs.size()) throw new IOException(p + " changed size while archived");
            }
        }
        tar.closeArchiveEntry();
    }

    private static final ThreadLocal<byte[]> COPY_BUFFER = ThreadLocal.withInitial(() -> new byte[1 << 18]);

    private static int mode(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            int m = 0;
            for (PosixFilePermission perm : perms) m |= BITS.get(perm);
            return m;
        } catch (IOException | UnsupportedOperationException e) {
            return 0644;
        }
    }

    private static final Map<PosixFilePermission, Integer> BITS = Map.of(
            PosixFilePermission.OWNER_READ, 0400, PosixFilePermission.OWNER_WRITE, 0200, PosixFilePermission.OWNER_EXECUTE, 0100,
            PosixFilePermission.GROUP_READ, 040, PosixFilePermission.GROUP_WRITE, 020, PosixFilePermission.GROUP_EXECUTE, 010,
            PosixFilePermission.OTHERS_READ, 04, PosixFilePermission.OTHERS_WRITE, 02, PosixFilePermission.OTHERS_EXECUTE, 01);

    /** The SHA-256 of a file. */
    static String checksum(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) sha.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** What an extraction unpacked, and the SHA-256 of the archive it read. */
    record Extracted(long bytes, String sha256) {}

    /**
     * Unpacks {@code archive} into {@code staging} (which holds empty workspace, home and tmp
     * directories), reading the archive once: its SHA-256 is computed on the way, for the caller
     * to compare before it uses what was unpacked. Entries get {@code owner} as uid and gid when
     * it is not negative. Throws {@link InvalidArchive} for anything unsafe, corrupt or too large;
     * the caller then deletes the staging directory, and the sandbox was never touched.
     */
    static Extracted extract(Path archive, String format, Path staging, long maxBytes, int owner) throws IOException {
        MessageDigest sha = sha256();
        Process z = null;
        CompletableFuture<Void> feed = null;
        InputStream raw;
        java.security.DigestInputStream gzipped = null;
        if (format.equals(ZSTD)) {
            Process zp = new ProcessBuilder(zstd().orElseThrow(() -> new InvalidArchive("this engine has no zstd to read the archive"))
                    .toString(), "-q", "-d", "-c").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            z = zp;
            // The archive goes to zstd through this thread, which hashes it on the way: one read, not two.
            feed = CompletableFuture.runAsync(() -> hashInto(archive, sha, zp.getOutputStream()), COPIER);
            raw = zp.getInputStream();
        } else {
            gzipped = new java.security.DigestInputStream(Files.newInputStream(archive), sha);
            raw = new GZIPInputStream(gzipped, 1 << 16);
        }
        long total = 0;
        int entries = 0;
        boolean done = false;
        // Directory modes go on last: a read-only directory must not stop its own contents.
        java.util.Map<Path, Integer> dirModes = new java.util.LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(raw, 1 << 16))) {
            byte[] buf = COPY_BUFFER.get();
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (++entries > 2_000_000) throw new InvalidArchive("the archive has too many entries");
                String[] parts = name(e.getName());
                Path target = staging;
                for (String part : parts) target = target.resolve(part);
                if (parts.length == 1) {
                    if (!e.isDirectory()) throw new InvalidArchive("'" + e.getName() + "' must be a directory");
                    continue;
                }
                Path parent = safeParent(staging, parts, owner);
                if (e.isDirectory()) {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectory(target);
                        own(target, owner);
                    }
                    dirModes.put(target, e.getMode());
                } else if (e.isSymbolicLink()) {
                    checkLink(parts, e.getLinkName());
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    own(target, owner);
                } else if (e.isLink()) {
                    String[] other = name(e.getLinkName());
                    Path src = staging;
                    for (String part : other) src = src.resolve(part);
                    safeParent(staging, other, owner);
                    if (!Files.isRegularFile(src, LinkOption.NOFOLLOW_LINKS)) {
                        throw new InvalidArchive("hard link '" + e.getName() + "' refers to a missing file");
                    }
                    Files.createLink(target, src);
                } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    // commons-compress counts these as files (isFile); they would unpack as empty ones.
                    throw new InvalidArchive("'" + e.getName() + "' is a device, fifo or other special file");
                } else if (e.isFile()) {
                    total += e.getSize();
                    if (total > maxBytes) {
                        throw new InvalidArchive("the archive unpacks to more than " + (maxBytes >> 20) + " MB (the sandbox's disk limit)");
                    }
                    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        int n;
                        while ((n = tar.read(buf)) > 0) out.write(buf, 0, n);
                    }
                    own(target, owner);
                    setMode(target, e.getMode());
                    Files.setLastModifiedTime(target, FileTime.fromMillis(e.getModTime().getTime()));
                } else {
                    throw new InvalidArchive("'" + e.getName() + "' is a device, fifo or other special file");
                }
                if (parent == null) throw new IllegalStateException();
            }
            raw.transferTo(OutputStream.nullOutputStream());
            if (gzipped != null) gzipped.transferTo(OutputStream.nullOutputStream()); // hash to the file's end
            List<Path> dirs = new ArrayList<>(dirModes.keySet());
            java.util.Collections.reverse(dirs);
            for (Path d : dirs) setMode(d, dirModes.get(d) | 0700);
            done = true;
        } catch (InvalidArchive e) {
            if (z != null) z.destroyForcibly(); // the feeder then only finishes hashing
            throw refused(e.getMessage(), feed, sha);
        } catch (IOException | IllegalArgumentException e) {
            if (z != null) z.destroyForcibly();
            throw refused("the archive is corrupt or truncated: " + e.getMessage(), feed, sha);
        } finally {
            if (z != null && !done) z.destroyForcibly();
        }
        if (z != null) {
            try {
                if (z.waitFor() != 0) {
                    throw refused("the archive is corrupt or truncated (zstd exit code " + z.exitValue() + ")", feed, sha);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ie);
            }
            try {
                feed.join();
            } catch (java.util.concurrent.CompletionException ce) {
                throw new IOException("cannot read the archive: " + ce.getCause().getMessage(), ce.getCause());
            }
        }
        return new Extracted(total, HexFormat.of().formatHex(sha.digest()));
    }

    /** A refusal that also carries the archive's checksum when the whole file could be hashed. */
    private static InvalidArchive refused(String why, CompletableFuture<Void> feed, MessageDigest sha) {
        InvalidArchive e = new InvalidArchive(why);
        if (feed != null) {
            try {
                feed.join();
                e.sha256 = HexFormat.of().formatHex(sha.digest());
            } catch (java.util.concurrent.CompletionException ignored) {
                // the file could not be read to its end: no checksum to tell
            }
        }
        return e;
    }

    /** Copies the archive into zstd, hashing every byte; keeps hashing to the end if zstd stops reading. */
    private static void hashInto(Path archive, MessageDigest sha, OutputStream toZstd) {
        boolean writing = true;
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] buf = new byte[1 << 18];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                if (writing) {
                    try {
                        toZstd.write(buf, 0, n);
                    } catch (IOException gone) {
                        writing = false; // zstd ended (a corrupt stream, or the extraction was refused)
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            try {
                toZstd.close();
            } catch (IOException ignored) {
                // zstd is gone already
            }
        }
    }

    private static void own(Path p, int owner) throws IOException {
        if (owner < 0) return;
        Files.setAttribute(p, "unix:uid", owner, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", owner, LinkOption.NOFOLLOW_LINKS);
    }

    /** Splits and checks an entry name: relative, no "..", under workspace/home/tmp. */
    static String[] name(String raw) throws InvalidArchive {
        String n = raw;
        while (n.startsWith("./")) n = n.substring(2);
        if (n.startsWith("/") || n.isEmpty()) throw new InvalidArchive("entry '" + raw + "' has an absolute or empty name");
        List<String> parts = new ArrayList<>();
        for (String p : n.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) throw new InvalidArchive("entry '" + raw + "' contains '..'");
            parts.add(p);
        }
        if (parts.isEmpty() || !TOP.contains(parts.get(0))) {
            throw new InvalidArchive("entry '" + raw + "' is outside workspace/, home/ and tmp/");
        }
        return parts.toArray(String[]::new);
    }

    /** Makes sure every directory above the entry exists and none of them is a link. */
    private static Path safeParent(Path staging, String[] parts, int owner) throws IOException {
        Path p = staging;
        for (int i = 0; i < parts.length - 1; i++) {
            p = p.resolve(parts[i]);
            if (Files.isSymbolicLink(p)) {
                throw new InvalidArchive("'" + String.join("/", parts) + "' would be written through the link " + parts[i]);
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(p);
                if (i > 0) own(p, owner);
            } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidArchive("'" + String.join("/", parts) + "' is below a file");
            }
        }
        return p;
    }

    /** A link must resolve, as the sandbox sees it, inside /workspace, /home/user or /tmp. */
    static void checkLink(String[] parts, String target) throws InvalidArchive {
        String at = MOUNT.get(parts[0]) + "/" + String.join("/", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1));
        String resolved = target.startsWith("/") ? target : at + "/" + target;
        java.util.Deque<String> stack = new java.util.ArrayDeque<>();
        for (String s : resolved.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (stack.isEmpty()) throw new InvalidArchive("link '" + String.join("/", parts) + "' points above /");
                stack.removeLast();
            } else {
                stack.addLast(s);
            }
        }
        String norm = "/" + String.join("/", stack);
        if (LINK_DEVICES.contains(norm)) return;
        for (String root : LINK_ROOTS) {
            if (norm.equals(root) || norm.startsWith(root + "/")) return;
        }
        throw new InvalidArchive("link '" + String.join("/", parts) + "' points outside the sandbox's files (" + target
                + "); links may point into /workspace, /home/user, /tmp, the read-only system (/usr, /etc, /bin, /lib)"
                + " or at /dev/null and its like");
    }

    /**
     * Where a link may point, as the sandbox sees it: its own files, or its read-only system
     * (a virtualenv links /usr/bin/python3). Never /proc, /sys, /run or other devices, where a link
     * is only ever an attempt on something that follows links (ADR 0007). Links are stored as
     * links: unpacking never writes through one, and the engine never follows one on the host.
     */
    private static final List<String> LINK_ROOTS = List.of("/workspace", "/home/user", "/tmp", "/usr", "/etc", "/bin",
            "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final Set<String> LINK_DEVICES = Set.of("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom",
            "/dev/tty");

    private static void setMode(Path p, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        BITS.forEach((perm, bit) -> {
            if ((mode & bit) != 0) perms.add(perm);
        });
        Files.setPosixFilePermissions(p, perms);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
