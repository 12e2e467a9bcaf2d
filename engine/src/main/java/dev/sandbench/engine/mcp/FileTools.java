package dev.sandbench.engine.mcp;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.events.EventBus;
import dev.sandbench.engine.exec.ExecResult;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.files.FileEntry;
import dev.sandbench.engine.files.FileService;
import dev.sandbench.engine.files.SandboxPaths;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;
import dev.sandbench.engine.sessions.SessionService;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sandbench.engine.mcp.Param.Type.BOOLEAN;
import static dev.sandbench.engine.mcp.Param.Type.INTEGER;
import static dev.sandbench.engine.mcp.Param.Type.STRING;

/**
 * Files through the same in-sandbox helper as the files API: paths are checked the same way
 * (no '..', nothing outside the sandbox's areas, no symlinks out), and writes and deletes are
 * recorded and announced on the event stream as the files API does.
 */
final class FileTools {
    static final int DEFAULT_READ_BYTES = 256 * 1024;
    static final int MAX_READ_BYTES = 4 * 1024 * 1024;
    private static final int MAX_LIST = 1000;

    private final SandboxService sandboxes;
    private final FileService files;
    private final ExecService exec;
    private final EventBus events;
    private final SessionService sessions;

    FileTools(SandboxService sandboxes, FileService files, ExecService exec, EventBus events, SessionService sessions) {
        this.sandboxes = sandboxes;
        this.files = files;
        this.exec = exec;
        this.events = events;
        this.sessions = sessions;
    }

    List<Tool> tools() {
        Param path = Param.required("path", STRING, "File path: absolute, or relative to /workspace.");
        return List.of(
                new Tool("read_file", "Read a file",
                        "Read a UTF-8 text file from the sandbox. Give start_line/end_line (1-based, inclusive) to "
                                + "read part of a long file; at most max_bytes are returned and the answer says when "
                                + "the file continues. Binary files are refused (inspect them with run_command).",
                        List.of(path,
                                Param.optional("start_line", INTEGER, "First line to return (1-based).").range(1, Integer.MAX_VALUE),
                                Param.optional("end_line", INTEGER, "Last line to return (inclusive).").range(1, Integer.MAX_VALUE),
                                Param.optional("max_bytes", INTEGER, "Most bytes to return (default " + DEFAULT_READ_BYTES
                                        + ").").range(1, MAX_READ_BYTES)),
                        true, false, this::read),
                new Tool("write_file", "Write a file",
                        "Create or replace a text file with the given content, creating parent directories. "
                                + "Only /workspace, /home/user and /tmp are writable.",
                        List.of(path, Param.required("content", STRING, "The whole new content of the file.")),
                        false, true, this::write),
                new Tool("list_directory", "List a directory",
                        "List the entries of a directory (default /workspace): type, size in bytes and name; "
                                + "directories end with '/'.",
                        List.of(Param.optional("path", STRING, "Directory: absolute, or relative to /workspace.")),
                        true, false, this::list),
                new Tool("search_files", "Search files",
                        "Find files by name (a glob such as '*.py') and/or by content (an extended regular expression, "
                                + "as grep -E). With 'pattern' the answer is path:line:text for each matching line; "
                                + "with only 'name' it is the matching paths. Skips .git and node_modules and binary files.",
                        List.of(Param.optional("pattern", STRING, "Regular expression to find in file contents."),
                                Param.optional("name", STRING, "Glob for file names, e.g. '*.java' or 'test_*'."),
                                Param.optional("path", STRING, "Directory to search (default /workspace)."),
                                Param.optional("case_insensitive", BOOLEAN, "Ignore case in 'pattern' (default false)."),
                                Param.optional("max_results", INTEGER, "Most results to return (default 100).").range(1, 5000)),
                        true, false, this::search),
                new Tool("delete_path", "Delete a file or directory",
                        "Delete a file, a symlink (never what it points to) or a directory. A directory that is not "
                                + "empty needs recursive=true.",
                        List.of(path, Param.optional("recursive", BOOLEAN, "Delete a non-empty directory and "
                                + "everything in it (default false).")),
                        false, true, this::delete));
    }

    private RunningSandbox running(McpCall c) {
        return sandboxes.running(c.principal(), c.sandboxId());
    }

    private ToolResult read(McpCall c, Args a) {
        String path = SandboxPaths.normalize(a.string("path"), "path");
        long start = a.integer("start_line", 1);
        long end = a.integer("end_line", Long.MAX_VALUE);
        if (end < start) throw McpException.invalidParams("end_line (" + end + ") is before start_line (" + start + ")");
        int max = (int) a.integer("max_bytes", DEFAULT_READ_BYTES);
        FileService.Content content = files.read(running(c), path, 0, -1);
        try (InputStream raw = new BufferedInputStream(content.stream(), 64 * 1024)) {
            raw.mark(8192);
            byte[] head = raw.readNBytes(8192);
            for (byte b : head) {
                if (b == 0) return ToolResult.error(path + " is a binary file (" + content.size()
                        + " bytes); inspect it with run_command (e.g. 'file', 'xxd | head')");
            }
            raw.reset();
            BufferedReader lines = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
            StringBuilder out = new StringBuilder();
            long n = 0;
            long bytes = 0;
            String line;
            String note = null;
            while ((line = lines.readLine()) != null) {
                n++;
                if (n < start) continue;
                if (n > end) {
                    note = "[lines " + start + "-" + end + " shown; the file continues after line " + end + "]";
                    break;
                }
                long len = line.getBytes(StandardCharsets.UTF_8).length + 1L;
                if (bytes + len > max) {
                    if (bytes == 0) out.append(line, 0, Math.min(line.length(), max)).append('\n');
                    note = "[stopped at " + max + " bytes before line " + n + " (file: " + content.size()
                            + " bytes); continue with start_line=" + n + "]";
                    break;
                }
                out.append(line).append('\n');
                bytes += len;
            }
            if (n < start && note == null) {
                return ToolResult.error(path + " has only " + n + " lines; start_line was " + start);
            }
            if (note != null) out.append(note);
            return ToolResult.ok(out.toString());
        } catch (IOException e) {
            return ToolResult.error("could not read " + path + ": " + e.getMessage());
        }
    }

    private ToolResult write(McpCall c, Args a) {
        String path = SandboxPaths.normalize(a.string("path"), "path");
        String text = a.string("content");
        RunningSandbox s = running(c);
        String before = sessions.recording() ? previousText(s, path) : null;
        FileEntry e = files.writeText(s, path, text);
        events.publish(c.accountId(), "files.changed", c.sandboxId(),
                Map.of("action", "write", "paths", List.of(path), "source", "mcp"));
        // As the files API records it: before and after, so a replay can show the diff.
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("path", path);
        d.put("size", e.size());
        d.put("before", before);
        d.put("after", text.length() <= SessionService.CONTENT_CAP ? text : null);
        d.put("source", "mcp");
        sessions.record(c.accountId(), c.sandboxId(), "file_write", d);
        return ToolResult.ok("wrote " + e.size() + " bytes to " + path);
    }

    private String previousText(RunningSandbox s, String path) {
        try {
            String t = files.readText(s, path);
            return t.length() <= SessionService.CONTENT_CAP ? t : null;
        } catch (ApiException e) {
            return null;
        }
    }

    private ToolResult list(McpCall c, Args a) {
        String path = SandboxPaths.normalize(a.string("path", SandboxPaths.WORKSPACE), "path");
        List<FileEntry> entries = files.list(running(c), path);
        if (entries.isEmpty()) return ToolResult.ok(path + " is empty");
        StringBuilder out = new StringBuilder(path).append(" (").append(entries.size()).append(" entries)\n");
        int shown = 0;
        for (FileEntry e : entries) {
            if (shown++ == MAX_LIST) {
                out.append("[").append(entries.size() - MAX_LIST).append(" more not shown]\n");
                break;
            }
            boolean dir = e.type().equals("dir");
            out.append(dir ? "dir " : "file").append(String.format(" %10d  ", e.size())).append(e.name())
                    .append(dir ? "/" : "").append('\n');
        }
        return ToolResult.ok(out.toString());
    }

    private ToolResult search(McpCall c, Args a) {
        String pattern = a.string("pattern");
        String name = a.string("name");
        if ((pattern == null || pattern.isEmpty()) && (name == null || name.isEmpty())) {
            throw McpException.invalidParams("search_files needs 'pattern' (content) or 'name' (file name glob), or both");
        }
        String dir = SandboxPaths.normalize(a.string("path", SandboxPaths.WORKSPACE), "path");
        int max = (int) a.integer("max_results", 100);
        RunningSandbox s = running(c);
        FileEntry root = files.stat(s, dir); // the same area checks as the files API, and a clear "does not exist"
        if (!root.type().equals("dir")) return ToolResult.error(dir + " is not a directory");
        List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "find", dir, "(", "-name", ".git", "-o", "-name", "node_modules",
                ")", "-prune", "-o"));
        if (pattern == null || pattern.isEmpty()) {
            argv.addAll(List.of("-name", name, "-print"));
        } else {
            argv.addAll(List.of("-type", "f"));
            if (name != null && !name.isEmpty()) argv.addAll(List.of("-name", name));
            argv.addAll(List.of("-exec", "grep", "-I", "-n", "-H", "-E"));
            if (a.bool("case_insensitive", false)) argv.add("-i");
            argv.addAll(List.of("-e", pattern, "--", "{}", "+"));
        }
        SandboxRecord r = sandboxes.get(c.principal(), c.sandboxId());
        ExecResult res = exec.run(s, argv, sandboxes.environment(r), dir, null, 60_000);
        if (res.timedOut()) return ToolResult.error("the search took longer than 60 s; narrow 'path' or 'name'");
        String[] found = res.stdout().isEmpty() ? new String[0] : res.stdout().split("\n");
        if (found.length == 0) {
            String err = res.stderr().strip();
            if (err.contains("grep:") && !err.contains("Permission denied")) return ToolResult.error(err);
            return ToolResult.ok("no matches");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(max, found.length); i++) out.append(found[i]).append('\n');
        if (found.length > max || res.truncated()) {
            out.append("[").append(found.length > max ? (found.length - max) + "+ more" : "more")
                    .append(" results not shown; narrow the search]");
        }
        return ToolResult.ok(out.toString());
    }

    private ToolResult delete(McpCall c, Args a) {
        String path = SandboxPaths.normalize(a.string("path"), "path");
        files.delete(running(c), path, a.bool("recursive", false));
        events.publish(c.accountId(), "files.changed", c.sandboxId(),
                Map.of("action", "delete", "paths", List.of(path), "source", "mcp"));
        sessions.record(c.accountId(), c.sandboxId(), "file_delete", Map.of("path", path, "source", "mcp"));
        return ToolResult.ok("deleted " + path);
    }
}
