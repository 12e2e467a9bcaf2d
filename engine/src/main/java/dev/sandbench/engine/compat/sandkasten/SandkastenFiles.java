package dev.sandbench.engine.compat.sandkasten;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.files.FileChanges;
import dev.sandbench.engine.files.FileService;
import dev.sandbench.engine.files.SandboxPaths;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.sandbox.SandboxService;
import io.javalin.http.Context;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet5.JakartaServletFileUpload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sandbench.engine.compat.sandkasten.SandkastenErrors.error;

/**
 * A Sandkasten session's files through the engine's {@link FileService}: relative paths are
 * taken from /workspace, and absolute ones must lie under it (Sandkasten refuses the rest with 400).
 */
final class SandkastenFiles {
    /** Sandkasten's upload limits per request. */
    static final int MAX_UPLOAD_BYTES = 10 << 20;
    static final int MAX_UPLOAD_FILES = 100;
    /** A read without max_bytes answers the whole file, up to this. */
    static final long MAX_READ_BYTES = 16L << 20;

    private final SandboxService sandboxes;
    private final FileService files;
    private final FileChanges changes;

    SandkastenFiles(SandboxService sandboxes, FileService files, FileChanges changes) {
        this.sandboxes = sandboxes;
        this.files = files;
        this.changes = changes;
    }

    /** A path under /workspace, or a 400. */
    static String path(String raw) {
        if (raw == null || raw.isBlank()) throw error(400, "INVALID_REQUEST", "path is required");
        String p;
        try {
            p = SandboxPaths.normalize(raw, "path");
        } catch (ApiException e) {
            throw error(400, "INVALID_REQUEST", e.detail());
        }
        if (!p.equals(SandboxPaths.WORKSPACE) && !p.startsWith(SandboxPaths.WORKSPACE + "/")) {
            throw error(400, "INVALID_REQUEST", "path must be inside /workspace, got " + raw);
        }
        return p;
    }

    /** The bytes of a write body: {@code content_base64}, else {@code text} as UTF-8. */
    static byte[] content(SandkastenWire.SandkastenWrite w) {
        if (w.contentBase64() != null && !w.contentBase64().isEmpty()) {
            try {
                return Base64.getDecoder().decode(w.contentBase64());
            } catch (IllegalArgumentException e) {
                throw error(400, "INVALID_REQUEST", "content_base64 is not valid base64");
            }
        }
        return (w.text() == null ? "" : w.text()).getBytes(StandardCharsets.UTF_8);
    }

    void write(Principal p, String sandboxId, String path, byte[] content) {
        files.write(sandbox(p, sandboxId), path, new ByteArrayInputStream(content), true);
        changes.changed(p, sandboxId, "write", List.of(path));
    }

    SandkastenWire.SandkastenRead read(Principal p, String sandboxId, String path, long maxBytes) {
        FileService.Content c = files.read(sandbox(p, sandboxId), path, 0, maxBytes > 0 ? maxBytes : -1);
        try (InputStream in = c.stream()) {
            if (maxBytes <= 0 && c.size() > MAX_READ_BYTES) {
                throw error(400, "INVALID_REQUEST", path + " is " + c.size() + " bytes; read it in parts of at most "
                        + MAX_READ_BYTES + " with max_bytes");
            }
            byte[] bytes = in.readAllBytes();
            return new SandkastenWire.SandkastenRead(path, Base64.getEncoder().encodeToString(bytes),
                    maxBytes > 0 && c.size() > maxBytes);
        } catch (IOException e) {
            throw ApiException.unprocessable("could not read " + path + ": " + e.getMessage());
        }
    }

    /**
     * Multipart upload: a {@code path} directory field (default /workspace) and {@code file} or
     * {@code files} parts, each written under its base name. Parts are read whole first (the
     * request is at most 10 MiB), so their order against {@code path} does not matter.
     */
    SandkastenWire.SandkastenUploaded upload(Principal p, String sandboxId, Context ctx) throws IOException {
        String ct = ctx.contentType();
        if (ct == null || !ct.toLowerCase().startsWith("multipart/form-data")) {
            throw error(400, "INVALID_REQUEST", "invalid multipart form: expected multipart/form-data, got " + ct);
        }
        String dir = null;
        Map<String, byte[]> parts = new LinkedHashMap<>();
        long total = 0;
        try {
            FileItemInputIterator it = new JakartaServletFileUpload<>().getItemIterator(ctx.req());
            while (it.hasNext()) {
                FileItemInput item = it.next();
                try (InputStream in = item.getInputStream()) {
                    if (item.isFormField()) {
                        if (item.getFieldName().equals("path")) dir = new String(in.readNBytes(4097), StandardCharsets.UTF_8);
                        continue;
                    }
                    if (!item.getFieldName().equals("file") && !item.getFieldName().equals("files")) continue;
                    byte[] data = in.readNBytes((int) (MAX_UPLOAD_BYTES - total) + 1);
                    total += data.length;
                    if (total > MAX_UPLOAD_BYTES) throw error(400, "INVALID_REQUEST", "request body too large (max "
                            + MAX_UPLOAD_BYTES + " bytes)");
                    if (parts.size() >= MAX_UPLOAD_FILES) throw error(400, "INVALID_REQUEST", "too many files (max "
                            + MAX_UPLOAD_FILES + ")");
                    parts.put(baseName(item.getName()), data);
                }
            }
        } catch (FileUploadException | InvalidPathException e) {
            throw error(400, "INVALID_REQUEST", "invalid multipart form: " + e.getMessage());
        }
        if (parts.isEmpty()) throw error(400, "INVALID_REQUEST", "no file provided: use form field 'file' or 'files'");
        String base = path(dir == null || dir.isBlank() ? SandboxPaths.WORKSPACE : dir);
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : parts.entrySet()) {
            String target = path(base + "/" + e.getKey());
            files.write(sandbox(p, sandboxId), target, new ByteArrayInputStream(e.getValue()), true);
            written.add(target);
        }
        changes.changed(p, sandboxId, "write", written);
        return new SandkastenWire.SandkastenUploaded(true, written);
    }

    private static String baseName(String name) {
        String n = name == null ? "" : name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        if (n.isEmpty() || n.equals(".") || n.contains("..") || n.indexOf('\0') >= 0) {
            throw error(400, "INVALID_REQUEST", "invalid filename: " + name);
        }
        return n;
    }

    private RunningSandbox sandbox(Principal p, String sandboxId) {
        return sandboxes.running(p, sandboxId);
    }
}
