package dev.sandbench.engine.compat.cage;

import dev.sandbench.engine.core.FileTrees;
import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.files.FileChanges;
import dev.sandbench.engine.files.FileEntry;
import dev.sandbench.engine.files.FileService;
import dev.sandbench.engine.files.SandboxPaths;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.sandbox.SandboxService;
import io.javalin.http.Context;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet5.JakartaServletFileUpload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * CAGE's file API over the engine's {@link FileService}. CAGE's root {@code /} is the directory
 * code runs in, the sandbox's {@code /workspace}; paths are always taken below it. Names starting
 * with a dot (the engine's upload staging among them) are not listed, as CAGE hides its own.
 */
final class CageFiles {
    /** CAGE's upload limit. */
    static final long MAX_UPLOAD_BYTES = 100L << 20;
    private static final int MAX_LISTED = 10_000;
    /** Filesystem clocks tick coarser than Java's: a file written right at a run's start may look a little older. */
    private static final long MTIME_SLACK_MS = 50;

    private final SandboxService sandboxes;
    private final FileService files;
    private final FileChanges changes;

    CageFiles(SandboxService sandboxes, FileService files, FileChanges changes) {
        this.sandboxes = sandboxes;
        this.files = files;
        this.changes = changes;
    }

    /** A CAGE path ({@code /}, {@code /sub/x}, {@code x}) as a sandbox path below /workspace; '..' is refused. */
    static String sandboxPath(String cagePath) {
        return SandboxPaths.normalize(SandboxPaths.WORKSPACE + "/" + (cagePath == null ? "" : cagePath), "path");
    }

    static String cagePath(String sandboxPath) {
        return sandboxPath.equals(SandboxPaths.WORKSPACE) ? "/" : sandboxPath.substring(SandboxPaths.WORKSPACE.length());
    }

    private RunningSandbox sandbox(Principal p, String sandboxId) {
        return sandboxes.running(p, sandboxId);
    }

    CageWire.CageFileList list(Principal p, String sandboxId, String path, boolean recursive) {
        RunningSandbox s = sandbox(p, sandboxId);
        String root = sandboxPath(path);
        List<CageWire.CageFileInfo> out = new ArrayList<>();
        long total = 0;
        Deque<String> dirs = new ArrayDeque<>(List.of(root));
        while (!dirs.isEmpty() && out.size() < MAX_LISTED) {
            for (FileEntry e : files.list(s, dirs.poll())) {
                if (e.name().startsWith(".")) continue;
                boolean dir = e.type().equals("dir");
                out.add(new CageWire.CageFileInfo(e.name(), cagePath(e.path()), dir ? "directory" : "file", e.size(),
                        e.modified(), null));
                if (!dir) total += e.size();
                if (dir && recursive) dirs.add(e.path());
            }
        }
        return new CageWire.CageFileList(cagePath(root), out, total);
    }

    /** Names in the workspace root created or changed since {@code since} (CAGE's files_created). */
    List<String> changedSince(Principal p, String sandboxId, Instant since) {
        Instant after = since.minusMillis(MTIME_SLACK_MS);
        List<String> names = new ArrayList<>();
        for (FileEntry e : files.list(sandbox(p, sandboxId), SandboxPaths.WORKSPACE)) {
            if (!e.name().startsWith(".") && !Instant.parse(e.modified()).isBefore(after)) names.add(e.name());
        }
        return names;
    }

    /**
     * Writes {@code in} as {@code filename} in the CAGE directory {@code dir}: CAGE refuses names with
     * '/' or '..'; over 100 MiB is a 413. Answers CAGE's path, size and SHA-256.
     */
    CageWire.CageUploaded write(Principal p, String sandboxId, String dir, String filename, InputStream in, boolean overwrite) {
        String target = target(dir, filename);
        Measured m = new Measured(in);
        writeMeasured(p, sandboxId, target, m, overwrite, filename);
        changes.changed(p, sandboxId, "write", List.of(target));
        return new CageWire.CageUploaded(cagePath(target), m.count, m.hex());
    }

    private void writeMeasured(Principal p, String sandboxId, String target, Measured m, boolean overwrite, String name) {
        try {
            files.write(sandbox(p, sandboxId), target, m, overwrite);
        } catch (ApiException e) {
            if (m.over) throw ApiException.tooLarge(name + " is larger than " + MAX_UPLOAD_BYTES + " bytes");
            throw e;
        }
    }

    static String target(String dir, String filename) {
        if (filename == null || filename.isEmpty() || filename.contains("/") || filename.contains("..")
                || filename.indexOf('\0') >= 0) {
            throw ApiException.badRequest("Invalid filename '" + filename + "': a plain name without '/' or '..'");
        }
        return SandboxPaths.normalize(sandboxPath(dir == null || dir.isBlank() ? "/" : dir) + "/" + filename, "path");
    }

    /**
     * CAGE's multipart upload: a {@code path} field (default {@code /}) and one {@code file} part
     * named by its file name. The body is streamed into the sandbox; a file that arrives before its
     * {@code path} goes to a hidden staging name first and is moved once the directory is known.
     */
    CageWire.CageUploaded uploadMultipart(Principal p, String sandboxId, Context ctx) throws IOException {
        JakartaServletFileUpload<?, ?> upload = new JakartaServletFileUpload<>();
        upload.setSizeMax(-1);
        upload.setFileSizeMax(-1);
        String dir = null;
        String name = null;
        String staged = null;
        CageWire.CageUploaded done = null;
        Measured m = null;
        try {
            FileItemInputIterator it = upload.getItemIterator(ctx.req());
            while (it.hasNext()) {
                FileItemInput item = it.next();
                if (item.isFormField()) {
                    if (item.getFieldName().equals("path")) {
                        try (InputStream in = item.getInputStream()) {
                            dir = new String(in.readNBytes(4097), StandardCharsets.UTF_8);
                        }
                    }
                    continue;
                }
                if (!item.getFieldName().equals("file")) continue;
                if (name != null) throw ApiException.badRequest("one file per upload: several 'file' parts were sent");
                name = item.getName();
                if (dir != null) {
                    try (InputStream in = item.getInputStream()) {
                        done = write(p, sandboxId, dir, name, in, true);
                    }
                } else {
                    target("/", name);
                    staged = SandboxPaths.WORKSPACE + "/" + FileTrees.UPLOAD_STAGING_PREFIX + "cage-" + Ids.random(10);
                    try (InputStream in = item.getInputStream()) {
                        m = new Measured(in);
                        writeMeasured(p, sandboxId, staged, m, true, name);
                    }
                }
            }
        } catch (FileUploadException | InvalidPathException e) {
            discard(p, sandboxId, staged);
            throw ApiException.badRequest("malformed multipart upload: " + e.getMessage());
        } catch (RuntimeException | IOException e) {
            discard(p, sandboxId, staged);
            throw e;
        }
        if (name == null) throw ApiException.badRequest("Missing file: send a multipart part named 'file'");
        if (done != null) return done;
        String target;
        try {
            target = target(dir, name);
            files.move(sandbox(p, sandboxId), staged, target, true);
        } catch (RuntimeException e) {
            discard(p, sandboxId, staged);
            throw e;
        }
        changes.changed(p, sandboxId, "write", List.of(target));
        return new CageWire.CageUploaded(cagePath(target), m.count, m.hex());
    }

    private void discard(Principal p, String sandboxId, String staged) {
        if (staged == null) return;
        try {
            files.delete(sandbox(p, sandboxId), staged, false);
        } catch (ApiException ignored) {
            // never written, or the sandbox is gone; a restart clears staging names anyway
        }
    }

    /** The file's bytes as the body, typed by its extension, as an attachment (CAGE's download). */
    void download(Principal p, String sandboxId, String path, Context ctx) {
        String target = sandboxPath(path);
        FileService.Content c = files.read(sandbox(p, sandboxId), target, 0, -1);
        String name = target.substring(target.lastIndexOf('/') + 1);
        String type = URLConnection.guessContentTypeFromName(name);
        ctx.disableCompression();
        ctx.status(200);
        ctx.contentType(type == null ? "application/octet-stream" : type);
        ctx.header("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "") + "\"");
        ctx.header("Content-Length", Long.toString(c.length()));
        ctx.result(c.stream());
    }

    /** The whole file (for MCP, whose answers are text): at most {@code max} bytes, else 413. */
    byte[] readAll(Principal p, String sandboxId, String path, long max) {
        FileService.Content c = files.read(sandbox(p, sandboxId), sandboxPath(path), 0, -1);
        try (InputStream in = c.stream()) {
            if (c.size() > max) throw ApiException.tooLarge(path + " is " + c.size() + " bytes; at most " + max + " here");
            return in.readAllBytes();
        } catch (IOException e) {
            throw ApiException.unprocessable("could not read " + path + ": " + e.getMessage());
        }
    }

    void delete(Principal p, String sandboxId, String path) {
        String target = sandboxPath(path);
        if (target.equals(SandboxPaths.WORKSPACE)) throw ApiException.badRequest("the workspace root cannot be deleted");
        files.delete(sandbox(p, sandboxId), target, false);
        changes.changed(p, sandboxId, "delete", List.of(target));
    }

    /** Counts and hashes what passes, and stops past CAGE's limit. */
    private static final class Measured extends FilterInputStream {
        final MessageDigest sha;
        long count;
        boolean over;

        Measured(InputStream in) {
            super(in);
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                sha.update(b, off, n);
                if (count > MAX_UPLOAD_BYTES) {
                    over = true;
                    throw new IOException("more than " + MAX_UPLOAD_BYTES + " bytes");
                }
            }
            return n;
        }

        String hex() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
