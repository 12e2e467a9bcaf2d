package dev.sandbench.engine.files;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.sandbox.SandboxService;
import io.javalin.http.Context;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet5.JakartaServletFileUpload;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files API: the contract's list/read/write, plus raw, upload, archive, delete, move, mkdir. */
public final class FileRoutes {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    public record WriteTextRequest(String path, String content) {}

    public record MoveRequest(String from, String to, Boolean overwrite) {}

    public record MkdirRequest(String path) {}

    private FileRoutes() {}

    public static void register(HttpApi api, SandboxService sandboxes, FileService files,
                                dev.sandbench.engine.events.EventBus events,
                                dev.sandbench.engine.sessions.SessionService sessions) {
        Changes changes = (p, id, action, paths) -> {
            events.publish(p.accountId(), "files.changed", id, java.util.Map.of("action", action, "paths", paths, "source", "api"));
            if (action.equals("move")) {
                // One event: where it went, and where from (so a replay can redo it).
                sessions.record(p.accountId(), id, "file_move", java.util.Map.of("path", paths.get(1), "from", paths.get(0)));
            } else if (!action.equals("write-text")) {
                for (String path : paths) {
                    sessions.record(p.accountId(), id, "file_" + action, java.util.Map.of("path", path));
                }
            }
        };
        api.get("/v1/sandboxes/{id}/files", Doc.of("List a directory (default /workspace). Any directory the sandbox "
                        + "can browse: its writable area (/workspace, /home/user, /tmp), the read-only system directories "
                        + "and / itself, as the sandbox sees it; /proc and /dev are refused (403)").tag("files")
                .query("path", "string", "directory inside the sandbox").responseList(FileEntry.class),
                (ctx, p) -> {
                    String path = SandboxPaths.normalize(orDefault(ctx.queryParam("path")), "path");
                    HttpApi.json(ctx, 200, files.list(sandbox(sandboxes, p, ctx), path));
                });
        api.get("/v1/sandboxes/{id}/files/stat", Doc.of("One file's entry").tag("files")
                .requiredQuery("path", "string", "path inside the sandbox").response(FileEntry.class),
                (ctx, p) -> HttpApi.json(ctx, 200,
                        files.stat(sandbox(sandboxes, p, ctx), SandboxPaths.normalize(ctx.queryParam("path"), "path"))));
        api.get("/v1/sandboxes/{id}/files/content", Doc.of("Read a UTF-8 text file (at most 10 MiB) as a JSON string")
                .tag("files").requiredQuery("path", "string", "file inside the sandbox").response(String.class),
                (ctx, p) -> HttpApi.json(ctx, 200, files.readText(sandbox(sandboxes, p, ctx),
                        SandboxPaths.normalize(ctx.queryParam("path"), "path"))));
        api.put("/v1/sandboxes/{id}/files/content", Doc.of("Write a text file, creating parent directories")
                .tag("files").request(WriteTextRequest.class).status(204, "Written"),
                (ctx, p) -> {
                    WriteTextRequest req = HttpApi.body(ctx, WriteTextRequest.class);
                    if (req.content() == null) throw ApiException.badRequest("'content' is required");
                    String path = SandboxPaths.normalize(req.path(), "path");
                    RunningSandbox s = sandbox(sandboxes, p, ctx);
                    String before = sessions.recording() ? previousText(files, s, path) : null;
                    files.writeText(s, path, req.content());
                    events.publish(p.accountId(), "files.changed", ctx.pathParam("id"),
                            java.util.Map.of("action", "write", "paths", List.of(path), "source", "api"));
                    // Before and after, so a replay can show the diff (text up to the recording cap).
                    java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
                    d.put("path", path);
                    d.put("size", req.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                    d.put("before", before);
                    d.put("after", req.content().length() <= dev.sandbench.engine.sessions.SessionService.CONTENT_CAP
                            ? req.content() : null);
                    sessions.record(p.accountId(), ctx.pathParam("id"), "file_write", d);
                    ctx.status(204);
                });
        api.get("/v1/sandboxes/{id}/files/raw", Doc.of("Download a file's bytes; honours Range").tag("files")
                .requiredQuery("path", "string", "file inside the sandbox").response(byte[].class)
                .responseMediaType("application/octet-stream"),
                (ctx, p) -> raw(ctx, files, sandbox(sandboxes, p, ctx), SandboxPaths.normalize(ctx.queryParam("path"), "path")));
        api.put("/v1/sandboxes/{id}/files/raw", Doc.of("Upload a file's bytes as the request body (streamed, atomic)")
                .tag("files").requiredQuery("path", "string", "file inside the sandbox")
                .query("overwrite", "boolean", "replace an existing file (default true)")
                .request(byte[].class).requestMediaType("application/octet-stream").response(FileEntry.class),
                (ctx, p) -> {
                    String path = SandboxPaths.normalize(ctx.queryParam("path"), "path");
                    boolean overwrite = !"false".equals(ctx.queryParam("overwrite"));
                    RunningSandbox s = sandbox(sandboxes, p, ctx);
                    HttpApi.json(ctx, 200, files.write(s, path, ctx.req().getInputStream(), overwrite));
                    changes.changed(p, ctx.pathParam("id"), "write", List.of(path));
                });
        api.post("/v1/sandboxes/{id}/files/upload", Doc.of("Upload many files (multipart/form-data) into a directory; "
                        + "a part's file name may be a relative path such as dir/sub/a.txt").tag("files")
                .query("path", "string", "target directory (default /workspace)")
                .query("overwrite", "boolean", "replace existing files (default true)")
                .request(byte[].class).requestMediaType("multipart/form-data").responseList(FileEntry.class),
                (ctx, p) -> changes.changed(p, ctx.pathParam("id"), "write",
                        upload(ctx, files, sandbox(sandboxes, p, ctx)).stream().map(FileEntry::path).toList()));
        api.get("/v1/sandboxes/{id}/files/archive", Doc.of("Download a directory (or file) as a tar or tar.gz stream")
                .tag("files").requiredQuery("path", "string", "directory inside the sandbox")
                .query("format", "string", "tar (default) or tar.gz").response(byte[].class)
                .responseMediaType("application/x-tar"),
                (ctx, p) -> {
                    String path = SandboxPaths.normalize(ctx.queryParam("path"), "path");
                    String format = ctx.queryParam("format") == null ? "tar" : ctx.queryParam("format");
                    if (!format.equals("tar") && !format.equals("tar.gz")) {
                        throw ApiException.badRequest("format must be 'tar' or 'tar.gz', got '" + format + "'");
                    }
                    boolean gz = format.equals("tar.gz");
                    InputStream in = files.archive(sandbox(sandboxes, p, ctx), path, gz);
                    String name = path.equals("/") ? "root" : path.substring(path.lastIndexOf('/') + 1);
                    ctx.disableCompression();
                    ctx.contentType(gz ? "application/gzip" : "application/x-tar");
                    ctx.header("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "") + "." + format + "\"");
                    ctx.result(in);
                });
        api.delete("/v1/sandboxes/{id}/files", Doc.of("Delete a file or directory").tag("files")
                .requiredQuery("path", "string", "path inside the sandbox")
                .query("recursive", "boolean", "delete a non-empty directory (default false)").status(204, "Deleted"),
                (ctx, p) -> {
                    String path = SandboxPaths.normalize(ctx.queryParam("path"), "path");
                    files.delete(sandbox(sandboxes, p, ctx), path, "true".equals(ctx.queryParam("recursive")));
                    changes.changed(p, ctx.pathParam("id"), "delete", List.of(path));
                    ctx.status(204);
                });
        api.post("/v1/sandboxes/{id}/files/move", Doc.of("Move or rename a file or directory").tag("files")
                .request(MoveRequest.class).response(FileEntry.class),
                (ctx, p) -> {
                    MoveRequest req = HttpApi.body(ctx, MoveRequest.class);
                    String from = SandboxPaths.normalize(req.from(), "from");
                    String to = SandboxPaths.normalize(req.to(), "to");
                    HttpApi.json(ctx, 200, files.move(sandbox(sandboxes, p, ctx), from, to, Boolean.TRUE.equals(req.overwrite())));
                    changes.changed(p, ctx.pathParam("id"), "move", List.of(from, to));
                });
        api.post("/v1/sandboxes/{id}/files/mkdir", Doc.of("Create a directory and its parents").tag("files")
                .request(MkdirRequest.class).response(FileEntry.class).status(201, "Created"),
                (ctx, p) -> {
                    String path = SandboxPaths.normalize(HttpApi.body(ctx, MkdirRequest.class).path(), "path");
                    HttpApi.json(ctx, 201, files.mkdir(sandbox(sandboxes, p, ctx), path));
                    changes.changed(p, ctx.pathParam("id"), "mkdir", List.of(path));
                });
    }

    /** The file's text before a write, or null (new, binary, or larger than the recording cap). */
    private static String previousText(FileService files, RunningSandbox s, String path) {
        try {
            String t = files.readText(s, path);
            return t.length() <= dev.sandbench.engine.sessions.SessionService.CONTENT_CAP ? t : null;
        } catch (ApiException e) {
            return null;
        }
    }

    private static String orDefault(String path) {
        return path == null || path.isBlank() ? SandboxPaths.WORKSPACE : path;
    }

    private static RunningSandbox sandbox(SandboxService sandboxes, Principal p, Context ctx) {
        return sandboxes.running(p, ctx.pathParam("id"));
    }

    private static void raw(Context ctx, FileService files, RunningSandbox s, String path) {
        String range = ctx.header("Range");
        long offset = 0;
        long length = -1;
        boolean partial = false;
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                throw ApiException.rangeNotSatisfiable("unsupported Range '" + range + "' (one bytes=a-b range)");
            }
            partial = true;
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                long size = files.stat(s, path).size();
                offset = Math.max(0, size - suffix);
            } else {
                offset = Long.parseLong(m.group(1));
                if (!m.group(2).isEmpty()) {
                    long end = Long.parseLong(m.group(2));
                    if (end < offset) throw ApiException.rangeNotSatisfiable("range end before start: " + range);
                    length = end - offset + 1;
                }
            }
        }
        FileService.Content c = files.read(s, path, offset, length);
        if (partial && offset >= c.size() && c.size() > 0) {
            try {
                c.stream().close();
            } catch (IOException ignored) {
                // already ended
            }
            ctx.header("Content-Range", "bytes */" + c.size());
            throw ApiException.rangeNotSatisfiable("range starts at " + offset + " but the file has " + c.size() + " bytes");
        }
        // Content-Length and Content-Range describe the bytes as stored; compression would break them.
        ctx.disableCompression();
        ctx.header("Accept-Ranges", "bytes");
        ctx.contentType("application/octet-stream");
        ctx.header("Content-Length", Long.toString(c.length()));
        if (partial) {
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + offset + "-" + (offset + c.length() - 1) + "/" + c.size());
        }
        ctx.result(c.stream());
    }

    /** Reports files changed through the API on the live event stream. */
    @FunctionalInterface
    private interface Changes {
        void changed(Principal p, String sandboxId, String action, List<String> paths);
    }

    private static List<FileEntry> upload(Context ctx, FileService files, RunningSandbox s) throws IOException {
        String ct = ctx.contentType();
        if (ct == null || !ct.toLowerCase().startsWith("multipart/form-data")) {
            throw ApiException.unsupportedMediaType("upload expects multipart/form-data, got " + ct);
        }
        String dir = SandboxPaths.normalize(orDefault(ctx.queryParam("path")), "path");
        boolean overwrite = !"false".equals(ctx.queryParam("overwrite"));
        JakartaServletFileUpload<?, ?> upload = new JakartaServletFileUpload<>();
        upload.setSizeMax(-1);
        upload.setFileSizeMax(-1);
        List<FileEntry> written = new ArrayList<>();
        try {
            FileItemInputIterator it = upload.getItemIterator(ctx.req());
            while (it.hasNext()) {
                FileItemInput item = it.next();
                if (item.isFormField()) continue;
                String name;
                try {
                    name = item.getName();
                } catch (java.nio.file.InvalidPathException e) {
                    throw ApiException.badRequest("uploaded file names must not contain NUL bytes");
                }
                String target = SandboxPaths.child(dir, name);
                try (InputStream in = item.getInputStream()) {
                    written.add(files.write(s, target, in, overwrite));
                }
            }
        } catch (FileUploadException e) {
            throw ApiException.badRequest("malformed multipart upload: " + e.getMessage());
        }
        if (written.isEmpty()) {
            throw ApiException.badRequest("the upload carried no files");
        }
        HttpApi.json(ctx, 200, written);
        return written;
    }
}
