package dev.sandbench.client.files;

import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.TransportException;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

import static dev.sandbench.client.http.EngineHttp.seg;

/**
 * Files in a sandbox. Paths are sandbox paths; relative ones are taken from /workspace.
 * Transfers stream: a file of any size passes through a fixed buffer, never whole in memory.
 */
public final class FilesClient {
    private static final MediaType OCTET = MediaType.get("application/octet-stream");
    /** Transfers may take long; they fail only when no byte moves for this long. */
    private static final Duration IDLE = Duration.ofMinutes(2);

    private final EngineHttp http;
    private final OkHttpClient transfers;
    private final Executor executor;

    public FilesClient(EngineHttp http) {
        this.http = http;
        this.transfers = http.okHttp().newBuilder().callTimeout(Duration.ZERO).readTimeout(IDLE).writeTimeout(IDLE).build();
        this.executor = http.okHttp().dispatcher().executorService();
    }

    private String base(String id) {
        return "/v1/sandboxes/" + seg(id) + "/files";
    }

    /** The entries of a directory, sorted by name. */
    @ApiRoute("GET /v1/sandboxes/{id}/files")
    public List<FileEntry> list(String sandboxId, String dir) {
        return http.call(get(base(sandboxId), "path", dir), http.listOf(FileEntry.class));
    }

    @ApiRoute("GET /v1/sandboxes/{id}/files/stat")
    public FileEntry stat(String sandboxId, String path) {
        return http.call(get(base(sandboxId) + "/stat", "path", path), FileEntry.class);
    }

    /** A UTF-8 text file (at most 10 MiB; binary files are refused with a ValidationException). */
    @ApiRoute("GET /v1/sandboxes/{id}/files/content")
    public String readText(String sandboxId, String path) {
        return http.call(get(base(sandboxId) + "/content", "path", path), String.class);
    }

    /** The workspace's {@code git diff} (unstaged changes); empty when /workspace is not a git repository. */
    @ApiRoute("GET /v1/sandboxes/{id}/git/diff")
    public String gitDiff(String sandboxId) {
        return http.call(get("/v1/sandboxes/" + seg(sandboxId) + "/git/diff"), String.class);
    }

    /** Writes a text file, creating parent directories. */
    @ApiRoute("PUT /v1/sandboxes/{id}/files/content")
    public void writeText(String sandboxId, String path, String content) {
        http.send(new Request.Builder().url(http.url(base(sandboxId) + "/content"))
                .put(http.json(Map.of("path", path, "content", content))).build());
    }

    /** Up to {@code length} bytes from {@code offset} (an HTTP Range request). */
    public byte[] readBytes(String sandboxId, String path, long offset, long length) {
        Request req = new Request.Builder().url(http.url(base(sandboxId) + "/raw", "path", path))
                .header("Range", "bytes=" + offset + "-" + (offset + length - 1)).get().build();
        try (Response r = http.execute(http.okHttp().newCall(req))) {
            return r.body().bytes();
        } catch (IOException e) {
            throw EngineHttp.transport(req, e);
        }
    }

    @ApiRoute("DELETE /v1/sandboxes/{id}/files")
    public void delete(String sandboxId, String path, boolean recursive) {
        http.send(new Request.Builder().url(http.url(base(sandboxId), "path", path, "recursive", recursive)).delete().build());
    }

    @ApiRoute("POST /v1/sandboxes/{id}/files/move")
    public FileEntry move(String sandboxId, String from, String to, boolean overwrite) {
        return http.call(new Request.Builder().url(http.url(base(sandboxId) + "/move"))
                .post(http.json(Map.of("from", from, "to", to, "overwrite", overwrite))).build(), FileEntry.class);
    }

    @ApiRoute("POST /v1/sandboxes/{id}/files/mkdir")
    public FileEntry mkdir(String sandboxId, String path) {
        return http.call(new Request.Builder().url(http.url(base(sandboxId) + "/mkdir"))
                .post(http.json(Map.of("path", path))).build(), FileEntry.class);
    }

    /**
     * Uploads one local file to {@code remotePath}. The sandbox sees the file only once it is
     * complete; a cancelled or failed upload leaves nothing behind.
     */
    @ApiRoute("PUT /v1/sandboxes/{id}/files/raw")
    public Transfer<FileEntry> upload(String sandboxId, Path local, String remotePath, boolean overwrite,
                                      TransferListener listener) {
        return Transfer.start(executor, self -> {
            RequestBody body = new ProgressBody(RequestBody.create(local.toFile(), OCTET), listener);
            Request req = new Request.Builder()
                    .url(http.url(base(sandboxId) + "/raw", "path", remotePath, "overwrite", overwrite)).put(body).build();
            return json(self, req, FileEntry.class);
        });
    }

    /**
     * Uploads a local folder (recursively) into {@code remoteDir}, keeping its relative layout:
     * {@code proj/src/a.py} lands at {@code remoteDir/proj/src/a.py}.
     */
    @ApiRoute("POST /v1/sandboxes/{id}/files/upload")
    public Transfer<List<FileEntry>> uploadFolder(String sandboxId, Path localDir, String remoteDir, boolean overwrite,
                                                  TransferListener listener) {
        return Transfer.start(executor, self -> {
            MultipartBody.Builder mb = new MultipartBody.Builder().setType(MultipartBody.FORM);
            Path root = localDir.getParent() == null ? localDir : localDir.getParent();
            int files = 0;
            try (Stream<Path> walk = Files.walk(localDir)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String rel = root.relativize(p).toString().replace('\\', '/');
                    mb.addFormDataPart("files", rel, RequestBody.create(p.toFile(), OCTET));
                    files++;
                }
            }
            if (files == 0) {
                throw new IllegalArgumentException(localDir + " contains no files to upload");
            }
            Request req = new Request.Builder()
                    .url(http.url(base(sandboxId) + "/upload", "path", remoteDir, "overwrite", overwrite))
                    .post(new ProgressBody(mb.build(), listener)).build();
            return json(self, req, http.listOf(FileEntry.class));
        });
    }

    /**
     * Downloads a file to {@code local}. Bytes go to {@code local + ".part"} first and are
     * renamed into place when complete; with {@code resume}, an existing ".part" is continued
     * with an HTTP Range request instead of starting over.
     */
    @ApiRoute("GET /v1/sandboxes/{id}/files/raw")
    public Transfer<Path> download(String sandboxId, String remotePath, Path local, boolean resume,
                                   TransferListener listener) {
        return Transfer.start(executor, self -> {
            Path part = local.resolveSibling(local.getFileName() + ".part");
            long offset = resume && Files.exists(part) ? Files.size(part) : 0;
            Request.Builder rb = new Request.Builder().url(http.url(base(sandboxId) + "/raw", "path", remotePath)).get();
            if (offset > 0) rb.header("Range", "bytes=" + offset + "-");
            Request req = rb.build();
            Call call = transfers.newCall(req);
            self.attach(call);
            try (Response r = http.execute(call)) {
                boolean partial = r.code() == 206;
                long start = partial ? offset : 0;
                long length = r.body().contentLength();
                long total = length < 0 ? -1 : start + length;
                try (InputStream in = r.body().byteStream();
                     OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                             partial ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                    copy(in, out, start, total, listener);
                }
                Files.move(part, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return local;
            } catch (IOException | RuntimeException e) {
                // A cancelled download leaves nothing; a broken one keeps its .part for resuming.
                if (self.cancelled()) Files.deleteIfExists(part);
                throw e instanceof IOException io ? EngineHttp.transport(req, io) : e;
            }
        });
    }

    /** Downloads a folder as one archive file ({@code .tar} or, with gzip, {@code .tar.gz}). */
    @ApiRoute("GET /v1/sandboxes/{id}/files/archive")
    public Transfer<Path> downloadArchive(String sandboxId, String remoteDir, Path archive, boolean gzip,
                                          TransferListener listener) {
        return Transfer.start(executor, self -> {
            Path part = archive.resolveSibling(archive.getFileName() + ".part");
            try (InputStream in = openArchive(self, sandboxId, remoteDir, gzip);
                 OutputStream out = Files.newOutputStream(part)) {
                copy(in, out, 0, -1, listener);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(part);
                throw e;
            }
            Files.move(part, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return archive;
        });
    }

    /**
     * Downloads a folder and unpacks it into {@code localDir} (created if needed). Entries that
     * would land outside it (absolute paths, "..", links pointing out) are refused.
     */
    public Transfer<Path> downloadFolder(String sandboxId, String remoteDir, Path localDir, TransferListener listener) {
        return Transfer.start(executor, self -> {
            Path root = Files.createDirectories(localDir).toRealPath();
            try (InputStream raw = openArchive(self, sandboxId, remoteDir, true);
                 InputStream counted = counting(raw, listener);
                 TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new BufferedInputStream(counted)))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    if (self.cancelled()) throw new CancellationException("transfer cancelled");
                    Path target = root.resolve(e.getName()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IOException("archive entry '" + e.getName() + "' would land outside " + root);
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (e.isSymbolicLink()) {
                        Path dest = target.getParent().resolve(e.getLinkName()).normalize();
                        if (!dest.startsWith(root)) {
                            throw new IOException("archive link '" + e.getName() + "' points outside " + root);
                        }
                        Files.createDirectories(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    } else if (e.isFile()) {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        setMode(target, e.getMode());
                    }
                }
            }
            return root;
        });
    }

    private InputStream openArchive(Transfer<?> self, String sandboxId, String remoteDir, boolean gzip) {
        Request req = new Request.Builder().url(http.url(base(sandboxId) + "/archive", "path", remoteDir,
                "format", gzip ? "tar.gz" : "tar")).get().build();
        Call call = transfers.newCall(req);
        self.attach(call);
        Response r = http.execute(call);
        return new FilterInputStream(r.body().byteStream()) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    r.close();
                }
            }
        };
    }

    private static InputStream counting(InputStream in, TransferListener listener) {
        return new FilterInputStream(in) {
            private long done;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) listener.onProgress(done += n, -1);
                return n;
            }
        };
    }

    private static void copy(InputStream in, OutputStream out, long start, long total, TransferListener listener)
            throws IOException {
        byte[] buf = new byte[64 * 1024];
        long done = start;
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            done += n;
            listener.onProgress(done, total);
        }
        if (total >= 0 && done != total) {
            throw new TransportException("download ended after " + done + " of " + total + " bytes", null);
        }
    }

    private static void setMode(Path file, int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) perms.add(order[i]);
        }
        perms.add(PosixFilePermission.OWNER_READ);
        perms.add(PosixFilePermission.OWNER_WRITE);
        try {
            Files.setPosixFilePermissions(file, perms);
        } catch (IOException | UnsupportedOperationException ignored) {
            // a file system without POSIX modes keeps its defaults
        }
    }

    private <T> T json(Transfer<?> self, Request req, Class<T> type) throws IOException {
        return json(self, req, http.type(type));
    }

    private <T> T json(Transfer<?> self, Request req, com.fasterxml.jackson.databind.JavaType type) throws IOException {
        Call call = transfers.newCall(req);
        self.attach(call);
        try (Response r = http.execute(call)) {
            return EngineHttp.MAPPER.readValue(r.body().bytes(), type);
        }
    }

    private Request get(String path, Object... query) {
        return new Request.Builder().url(http.url(path, query)).get().build();
    }
}
