package dev.sandbench.engine.files;

import dev.sandbench.engine.api.ApiException;

import java.util.ArrayDeque;
import java.util.Deque;

/** Normalises a path given to the files API into an absolute sandbox path without '..'. */
public final class SandboxPaths {
    public static final String WORKSPACE = "/workspace";
    private static final int MAX_LENGTH = 4096;

    private SandboxPaths() {}

    /** Relative paths are taken from /workspace; '..' anywhere is refused rather than resolved. */
    public static String normalize(String raw, String what) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("'" + what + "' is required");
        }
        if (raw.indexOf('\0') >= 0 || raw.length() > MAX_LENGTH) {
            throw ApiException.badRequest("'" + what + "' must be a path without NUL bytes, at most " + MAX_LENGTH + " characters");
        }
        String p = raw.startsWith("/") ? raw : WORKSPACE + "/" + raw;
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) {
                throw ApiException.badRequest("'" + what + "' must not contain '..' (got " + raw + ")");
            }
            if (seg.length() > 255) {
                throw ApiException.badRequest("a name in '" + what + "' is longer than 255 bytes");
            }
            parts.addLast(seg);
        }
        return "/" + String.join("/", parts);
    }

    /** A relative name (for uploads) joined below a directory, with the same rules. */
    public static String child(String dir, String relative) {
        if (relative == null || relative.isBlank() || relative.startsWith("/")) {
            throw ApiException.badRequest("uploaded file names must be relative paths, got '" + relative + "'");
        }
        String path = normalize(dir + "/" + relative.replace('\\', '/'), "file name");
        if (path.equals(normalize(dir, "path"))) {
            // "." or "./" names the directory itself, not a file in it.
            throw ApiException.badRequest("uploaded file name '" + relative + "' names no file below " + dir);
        }
        return path;
    }
}
