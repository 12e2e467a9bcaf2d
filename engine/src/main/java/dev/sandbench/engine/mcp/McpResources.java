package dev.sandbench.engine.mcp;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.exec.CodeService;
import dev.sandbench.engine.exec.ExecResult;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.files.FileService;
import dev.sandbench.engine.files.SandboxPaths;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resources: the sandbox itself ({@code sandbox://info}) and its workspace files as
 * {@code file:///workspace/...} URIs. The list is read from the sandbox on every call, so it
 * is the workspace as it is now; any other file the sandbox can read is reachable through the
 * {@code file:///{path}} template.
 */
final class McpResources {
    static final String INFO = "sandbox://info";
    /** Enough for a model to see the shape of a project without flooding its context. */
    static final int MAX_LISTED = 500;
    static final int MAX_READ = 4 * 1024 * 1024;

    private final SandboxService sandboxes;
    private final FileService files;
    private final ExecService exec;

    McpResources(SandboxService sandboxes, FileService files, ExecService exec) {
        this.sandboxes = sandboxes;
        this.files = files;
        this.exec = exec;
    }

    List<Map<String, Object>> list(McpCall c) {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(resource(INFO, "sandbox", "This sandbox", "The sandbox's id, template, limits, status and the "
                + "languages it can run, as JSON.", "application/json"));
        SandboxRecord r = sandboxes.get(c.principal(), c.sandboxId());
        RunningSandbox s = sandboxes.running(c.principal(), c.sandboxId());
        ExecResult found = exec.run(s, List.of("/usr/bin/env", "find", SandboxPaths.WORKSPACE, "-maxdepth", "6", "(",
                "-name", ".git", "-o", "-name", "node_modules", ")", "-prune", "-o", "-type", "f", "-print"),
                sandboxes.environment(r), SandboxPaths.WORKSPACE, null, 30_000);
        List<String> paths = found.stdout().isEmpty() ? List.of() : new ArrayList<>(List.of(found.stdout().split("\n")));
        paths = paths.stream().sorted().limit(MAX_LISTED).toList();
        for (String p : paths) {
            out.add(resource(fileUri(p), p.substring(SandboxPaths.WORKSPACE.length() + 1), null, null, mimeType(p)));
        }
        return out;
    }

    List<Map<String, Object>> templates() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("uriTemplate", "file:///{path}");
        t.put("name", "file");
        t.put("title", "A file in the sandbox");
        t.put("description", "Any text file the sandbox can read, by absolute path, e.g. file:///workspace/README.md");
        return List.of(t);
    }

    /** The {@code resources/read} result: {@code {"contents":[...]}}. */
    Map<String, Object> read(McpCall c, String uri) {
        if (uri == null || uri.isBlank()) throw McpException.invalidParams("resources/read needs 'uri'");
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("uri", uri);
        if (uri.equals(INFO)) {
            SandboxRecord r = sandboxes.get(c.principal(), c.sandboxId());
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("sandbox", Json.MAPPER.valueToTree(sandboxes.view(r)));
            info.put("languages", CodeService.languages());
            info.put("writable", List.of("/workspace", "/home/user", "/tmp"));
            content.put("mimeType", "application/json");
            content.put("text", Json.write(info));
            return Map.of("contents", List.of(content));
        }
        String path = path(uri);
        try {
            FileService.Content f = files.read(sandboxes.running(c.principal(), c.sandboxId()), path, 0, MAX_READ + 1L);
            byte[] bytes;
            try (InputStream in = f.stream()) {
                bytes = in.readNBytes(MAX_READ + 1);
            }
            if (bytes.length > MAX_READ) {
                throw McpException.invalidParams(path + " is " + f.size() + " bytes; resources stop at " + MAX_READ
                        + " bytes (read parts with the read_file tool)");
            }
            content.put("mimeType", mimeType(path));
            String text = utf8(bytes);
            if (text != null) content.put("text", text);
            else content.put("blob", Base64.getEncoder().encodeToString(bytes));
            return Map.of("contents", List.of(content));
        } catch (ApiException e) {
            throw new McpException(e.status() == 404 ? McpException.RESOURCE_NOT_FOUND : McpException.INVALID_PARAMS,
                    e.detail());
        } catch (IOException e) {
            throw new McpException(McpException.INTERNAL_ERROR, "could not read " + path + ": " + e.getMessage());
        }
    }

    private static String utf8(byte[] bytes) {
        for (byte b : bytes) if (b == 0) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String fileUri(String absolutePath) {
        try {
            return new URI("file", "", absolutePath, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(absolutePath, e);
        }
    }

    /** The sandbox path a {@code file://} URI names, checked like every other path. */
    static String path(String uri) {
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw McpException.invalidParams("not a URI: " + uri);
        }
        if (!"file".equals(u.getScheme()) || (u.getHost() != null && !u.getHost().isEmpty()) || u.getPath() == null) {
            throw new McpException(McpException.RESOURCE_NOT_FOUND, "unknown resource " + uri + " (resources are "
                    + INFO + " and file:///<absolute path>)");
        }
        try {
            return SandboxPaths.normalize(u.getPath(), "uri");
        } catch (ApiException e) {
            throw McpException.invalidParams(e.detail());
        }
    }

    private static String mimeType(String path) {
        String guessed = URLConnection.guessContentTypeFromName(path);
        return guessed != null ? guessed : "text/plain";
    }

    private static Map<String, Object> resource(String uri, String name, String title, String description, String mime) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uri", uri);
        m.put("name", name);
        if (title != null) m.put("title", title);
        if (description != null) m.put("description", description);
        m.put("mimeType", mime);
        return m;
    }
}
