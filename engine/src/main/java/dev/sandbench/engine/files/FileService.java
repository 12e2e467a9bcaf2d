package dev.sandbench.engine.files;

import dev.sandbench.engine.core.FileTrees;
import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.runtime.SandboxProcessSpec;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Files of a running sandbox. Every operation runs as a short helper in the sandbox's mount
 * namespace, as the sandbox user, so a symlink or a concurrent rename can never make the engine
 * touch the host; and outside its pid namespace, so no sandbox process can trace or signal it.
 */
public final class FileService {
    public static final long MAX_TEXT_BYTES = 10L * 1024 * 1024;
    private static final String SCRIPT = loadScript();
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C");
    private static final java.util.concurrent.atomic.AtomicInteger THREADS = new java.util.concurrent.atomic.AtomicInteger();
    /** Helper output is read on its own threads: these reads block, so not on a shared pool. */
    private static final java.util.concurrent.ExecutorService IO = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "file-io-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private static String loadScript() {
        try (InputStream in = FileService.class.getResourceAsStream("fsop.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("fsop.sh missing from the engine jar", e);
        }
    }

    /** A ranged read: the file's size and a stream of the requested bytes (close it when done). */
    public record Content(long size, long offset, long length, InputStream stream) {}

    private Process start(RunningSandbox s, String op, String... args) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "fsop", op));
        argv.addAll(List.of(args));
        try {
            return s.startFileHelper(new SandboxProcessSpec(argv, ENV, "/", false));
        } catch (IOException e) {
            throw ApiException.conflict("sandbox " + s.id() + " is not running: " + e.getMessage());
        }
    }

    /** Runs an op to completion and returns its stdout, or throws the problem it reported. */
    private byte[] run(RunningSandbox s, InputStream stdin, String op, String... args) {
        Process p = start(s, op, args);
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()), IO);
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()), IO);
        copyInput(stdin, p);
        int code = waitFor(p);
        if (code != 0) {
            throw FileOpException.of(code, new String(err.join(), StandardCharsets.UTF_8));
        }
        return out.join();
    }

    /**
     * Feeds the request body to the helper. A failing request body means the client went away
     * (the upload is aborted); a failing helper pipe means the helper refused and exited, and its
     * exit code says why.
     */
    private static void copyInput(InputStream in, Process p) {
        byte[] buf = new byte[64 * 1024];
        try (OutputStream os = p.getOutputStream()) {
            if (in == null) return;
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    // Kill the whole helper before its stdin closes: otherwise it would take the
                    // early end of input for the end of the file and rename the partial file into place.
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    waitQuietly(p);
                    throw ApiException.badRequest("the upload was interrupted: " + e.getMessage());
                }
                if (n < 0) break;
                try {
                    os.write(buf, 0, n);
                } catch (IOException e) {
                    return; // the helper exited; its exit code tells
                }
            }
        } catch (IOException ignored) {
            // closing a pipe the helper already closed
        }
    }

    private static void waitQuietly(Process p) {
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static int waitFor(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw ApiException.unprocessable("the file operation took too long and was stopped");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted");
        }
    }

    public List<FileEntry> list(RunningSandbox s, String dir) {
        byte[] out = run(s, null, "list", dir);
        List<FileEntry> entries = parse(out, dir, true);
        entries.sort(Comparator.comparing(FileEntry::name));
        return entries;
    }

    public FileEntry stat(RunningSandbox s, String path) {
        List<FileEntry> e = parse(run(s, null, "stat", path), parent(path), true);
        if (e.isEmpty()) throw ApiException.notFound(path + " does not exist");
        return e.get(0);
    }

    public String readText(RunningSandbox s, String path) {
        Content c = read(s, path, 0, -1);
        if (c.size() > MAX_TEXT_BYTES) {
            close(c.stream());
            throw ApiException.tooLarge(path + " is " + c.size() + " bytes; text reads stop at " + MAX_TEXT_BYTES
                    + " bytes (use GET /files/raw)");
        }
        byte[] bytes = readAll(c.stream());
        for (byte b : bytes) {
            if (b == 0) throw ApiException.unprocessable(path + " is a binary file; use GET /files/raw to download it");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.unprocessable(path + " is not UTF-8 text; use GET /files/raw to download it");
        }
    }

    public FileEntry writeText(RunningSandbox s, String path, String content) {
        return write(s, path, new java.io.ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), true);
    }

    /**
     * Streams {@code in} into the file atomically: it goes to a temporary name beside the target
     * and is renamed over it only when complete, so an interrupted upload leaves nothing behind.
     * The rename is a second helper, run once the engine has read the whole body: the first one
     * cannot tell an engine that died mid-upload from the end of the file.
     */
    public FileEntry write(RunningSandbox s, String path, InputStream in, boolean overwrite) {
        String tmp = FileTrees.UPLOAD_STAGING_PREFIX + Ids.random(10);
        String ow = overwrite ? "1" : "0";
        try {
            run(s, in, "write", path, tmp, ow);
            return parse(run(s, null, "commit", path, tmp, ow), parent(path), true).get(0);
        } catch (ApiException e) {
            if (e.status() == 400 && e.detail().startsWith("the upload was interrupted")) {
                try {
                    run(s, null, "abort", path, tmp);
                } catch (ApiException ignored) {
                    // best effort: the sandbox may be gone
                }
            }
            throw e;
        }
    }

    public FileEntry mkdir(RunningSandbox s, String path) {
        return parse(run(s, null, "mkdir", path), parent(path), true).get(0);
    }

    public void delete(RunningSandbox s, String path, boolean recursive) {
        run(s, null, "delete", path, recursive ? "1" : "0");
    }

    public FileEntry move(RunningSandbox s, String from, String to, boolean overwrite) {
        return parse(run(s, null, "move", from, to, overwrite ? "1" : "0"), parent(to), true).get(0);
    }

    /** Opens a byte range of a file; length -1 reads to the end. */
    public Content read(RunningSandbox s, String path, long offset, long length) {
        Process p = start(s, "read", path, Long.toString(offset), Long.toString(length));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()), IO);
        close(p.getOutputStream());
        InputStream out = p.getInputStream();
        long size;
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = out.read()) != -1 && b != '\n') line.write(b);
            if (b == -1) {
                int code = waitFor(p);
                throw FileOpException.of(code == 0 ? 1 : code, new String(err.join(), StandardCharsets.UTF_8));
            }
            size = Long.parseLong(line.toString(StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            p.destroyForcibly();
            throw ApiException.unprocessable("could not read " + path + ": " + e.getMessage());
        }
        long len = length < 0 ? Math.max(0, size - offset) : Math.min(length, Math.max(0, size - offset));
        return new Content(size, offset, len, new ProcessStream(out, p));
    }

    /** A tar (optionally gzip) stream of a directory's contents or of one file. */
    public InputStream archive(RunningSandbox s, String path, boolean gzip) {
        Process p = start(s, "archive", path, gzip ? "1" : "0");
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()), IO);
        close(p.getOutputStream());
        PushbackInputStream in = new PushbackInputStream(p.getInputStream(), 1);
        try {
            int first = in.read();
            if (first == -1) {
                int code = waitFor(p);
                throw FileOpException.of(code == 0 ? 1 : code, new String(err.join(), StandardCharsets.UTF_8));
            }
            in.unread(first);
        } catch (IOException e) {
            p.destroyForcibly();
            throw ApiException.unprocessable("could not archive " + path + ": " + e.getMessage());
        }
        return new ProcessStream(in, p);
    }

    private static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    /** Parses the helper's NUL-terminated "%y%Y\t%s\t%T@\t%m\tname" records. */
    static List<FileEntry> parse(byte[] out, String dir, boolean childrenOfDir) {
        List<FileEntry> entries = new ArrayList<>();
        String all = new String(out, StandardCharsets.UTF_8);
        for (String rec : all.split("\0")) {
            if (rec.isEmpty()) continue;
            String[] f = rec.split("\t", 5);
            if (f.length < 5) continue;
            boolean dirType = f[0].charAt(0) == 'd' || (f[0].charAt(0) == 'l' && f[0].length() > 1 && f[0].charAt(1) == 'd');
            long size = Long.parseLong(f[1]);
            double secs = Double.parseDouble(f[2]);
            String modified = Ids.timestamp(Instant.ofEpochMilli((long) (secs * 1000)));
            String name = f[4];
            String path = name.equals("/") ? "/" // the root's own entry (stat of /)
                    : childrenOfDir ? (dir.equals("/") ? "/" + name : dir + "/" + name) : dir;
            entries.add(new FileEntry(name, path, dirType ? "dir" : "file", size, modified));
        }
        return entries;
    }

    private static void close(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** The helper's stdout; closing it ends the helper. */
    private static final class ProcessStream extends FilterInputStream {
        private final Process process;

        ProcessStream(InputStream in, Process process) {
            super(in);
            this.process = process;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
