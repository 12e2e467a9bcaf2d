package dev.sandbench.engine.compat.agentcube;

import dev.sandbench.engine.core.FileTrees;
import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.exec.ExecResult;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.files.FileChanges;
import dev.sandbench.engine.files.FileEntry;
import dev.sandbench.engine.files.FileService;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;
import io.javalin.http.Context;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet5.JakartaServletFileUpload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PicoD's file routes over the engine's {@link FileService}, with paths placed by
 * {@link AgentCubePaths}: upload as JSON (base64) or multipart (a {@code file} part and
 * {@code path} and {@code mode} fields), download as raw bytes, list a directory.
 */
final class AgentCubeFiles {
    /** PicoD's request body limit. */
    static final int MAX_UPLOAD_BYTES = 32 << 20;
    private static final int DEFAULT_MODE = 0644;
    private static final String LIST = "d=$1; [ -e \"$d\" ] || exit 2; [ -d \"$d\" ] || exit 3; "
            + "exec find \"$d\" -mindepth 1 -maxdepth 1 -printf '%s\\t%T@\\t%M\\t%f\\0'";

    /** A parsed upload: where it goes, its bytes, its mode. */
    record Upload(String path, byte[] content, int mode) {}

    private final SandboxService sandboxes;
    private final FileService files;
    private final FileChanges changes;
    private final ExecService exec;

    AgentCubeFiles(SandboxService sandboxes, FileService files, FileChanges changes, ExecService exec) {
        this.sandboxes = sandboxes;
        this.files = files;
        this.changes = changes;
        this.exec = exec;
    }

    /** The JSON form, checked in full. */
    static Upload json(AgentCubeWire.AgentCubeUpload req) {
        if (req.path() == null || req.path().isEmpty()) throw ApiException.badRequest("'path' is required");
        if (req.content() == null) throw ApiException.badRequest("'content' (base64) is required");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(req.content());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid base64 content: " + e.getMessage());
        }
        return new Upload(AgentCubePaths.write(req.path()), bytes, mode(req.mode()));
    }

    /** The multipart form, read whole (at most {@link #MAX_UPLOAD_BYTES}) so its parts may come in any order. */
    static Upload multipart(Context ctx) throws IOException {
        String path = null;
        String mode = null;
        byte[] content = null;
        try {
            FileItemInputIterator it = new JakartaServletFileUpload<>().getItemIterator(ctx.req());
            while (it.hasNext()) {
                FileItemInput item = it.next();
                try (InputStream in = item.getInputStream()) {
                    if (item.isFormField()) {
                        String value = new String(in.readNBytes(4097), StandardCharsets.UTF_8);
                        if (item.getFieldName().equals("path")) path = value;
                        if (item.getFieldName().equals("mode")) mode = value;
                    } else if (item.getFieldName().equals("file")) {
                        content = in.readNBytes(MAX_UPLOAD_BYTES + 1);
                        if (content.length > MAX_UPLOAD_BYTES) {
                            throw ApiException.tooLarge("the file is larger than " + MAX_UPLOAD_BYTES + " bytes");
                        }
                    }
                }
            }
        } catch (FileUploadException e) {
            throw ApiException.badRequest("invalid multipart form: " + e.getMessage());
        }
        if (path == null || path.isEmpty()) throw ApiException.badRequest("Missing 'path' field");
        if (content == null) throw ApiException.badRequest("Failed to get file: no 'file' part");
        return new Upload(AgentCubePaths.write(path), content, mode(mode));
    }

    /** An octal mode; like PicoD, anything unreadable or above 0777 is 0644. */
    static int mode(String raw) {
        if (raw == null || raw.isEmpty()) return DEFAULT_MODE;
        try {
            int m = Integer.parseInt(raw, 8);
            return m >= 0 && m <= 0777 ? m : DEFAULT_MODE;
        } catch (NumberFormatException e) {
            return DEFAULT_MODE;
        }
    }

    AgentCubeWire.AgentCubeFileInfo write(Principal p, String sandboxId, Upload u) {
        RunningSandbox s = sandboxes.running(p, sandboxId);
        FileEntry e = files.write(s, u.path(), new ByteArrayInputStream(u.content()), true);
        if (u.mode() != DEFAULT_MODE) {
            SandboxRecord r = sandboxes.get(p, sandboxId);
            ExecResult chmod = exec.run(s, List.of("chmod", Integer.toOctalString(u.mode()), "--", u.path()),
                    sandboxes.environment(r), "/", null, 10_000);
            if (chmod.exitCode() != 0) throw ApiException.unprocessable("could not set mode: " + chmod.output().strip());
        }
        changes.changed(p, sandboxId, "write", List.of(u.path()));
        return new AgentCubeWire.AgentCubeFileInfo(AgentCubePaths.shown(u.path()), e.size(), modeString(u.mode(), false),
                e.modified());
    }

    /** Streams the first of the read candidates that exists; 404 when none does. */
    void download(Principal p, String sandboxId, String rawPath, Context ctx) {
        RunningSandbox s = sandboxes.running(p, sandboxId);
        ApiException missing = null;
        for (String path : AgentCubePaths.read(rawPath)) {
            FileService.Content c;
            try {
                c = files.read(s, path, 0, -1);
            } catch (ApiException e) {
                if (e.status() != 404) throw e;
                missing = missing == null ? ApiException.notFound("File not found: " + rawPath) : missing;
                continue;
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            String type = URLConnection.guessContentTypeFromName(name);
            ctx.disableCompression();
            ctx.status(200);
            ctx.contentType(type == null ? "application/octet-stream" : type);
            ctx.header("Content-Description", "File Transfer");
            ctx.header("Content-Transfer-Encoding", "binary");
            ctx.header("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "") + "\"");
            ctx.header("Content-Length", Long.toString(c.length()));
            ctx.result(c.stream());
            return;
        }
        throw missing;
    }

    /** The directory's entries as PicoD lists them (os.ReadDir), modes as Go prints them. */
    AgentCubeWire.AgentCubeFileList list(Principal p, String sandboxId, String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) throw ApiException.badRequest("Missing 'path' query parameter");
        RunningSandbox s = sandboxes.running(p, sandboxId);
        SandboxRecord r = sandboxes.get(p, sandboxId);
        List<String> candidates = AgentCubePaths.read(rawPath);
        ExecResult found = null;
        for (String dir : candidates) {
            found = exec.run(s, List.of("/bin/sh", "-c", LIST, "list", dir), sandboxes.environment(r), "/", null, 30_000);
            if (found.exitCode() != 2) break;
        }
        switch (found.exitCode()) {
            case 0 -> { }
            case 2 -> throw ApiException.notFound("Directory not found: " + rawPath);
            case 3 -> throw ApiException.badRequest(rawPath + " is not a directory");
            default -> throw ApiException.unprocessable("Failed to read directory: " + found.stderr().strip());
        }
        List<AgentCubeWire.AgentCubeFileEntry> out = new ArrayList<>();
        for (String rec : found.stdout().split("\0")) {
            String[] f = rec.split("\t", 4);
            if (f.length < 4 || f[3].startsWith(FileTrees.UPLOAD_STAGING_PREFIX)) continue;
            String modified = Ids.timestamp(Instant.ofEpochMilli(new BigDecimal(f[1]).movePointRight(3).longValue()));
            String mode = f[2];
            if (mode.startsWith("l")) mode = "L" + mode.substring(1); // Go's letter for a symlink
            out.add(new AgentCubeWire.AgentCubeFileEntry(f[3], Long.parseLong(f[0]), modified, mode, mode.startsWith("d")));
        }
        return new AgentCubeWire.AgentCubeFileList(out);
    }

    /** A permission as Go's FileMode prints it ({@code -rw-r--r--}). */
    static String modeString(int mode, boolean dir) {
        StringBuilder sb = new StringBuilder(dir ? "d" : "-");
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) sb.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        return sb.toString();
    }

    static boolean isMultipart(Context ctx) {
        String ct = ctx.contentType();
        return ct != null && ct.toLowerCase().startsWith("multipart/form-data");
    }

    static Upload parse(Context ctx) throws IOException {
        return isMultipart(ctx) ? multipart(ctx) : json(HttpApi.body(ctx, AgentCubeWire.AgentCubeUpload.class));
    }
}
