package dev.sandbench.engine.compat.cage;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.mcp.Args;
import dev.sandbench.engine.mcp.McpCall;
import dev.sandbench.engine.mcp.McpTools;
import dev.sandbench.engine.mcp.Param;
import dev.sandbench.engine.mcp.Tool;
import dev.sandbench.engine.mcp.ToolResult;
import dev.sandbench.engine.sessions.SessionService;

import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sandbench.engine.mcp.Param.Type.BOOLEAN;
import static dev.sandbench.engine.mcp.Param.Type.INTEGER;
import static dev.sandbench.engine.mcp.Param.Type.STRING;

/**
 * CAGE's MCP tools (its names and argument names, which its SDK sends), declared with the
 * engine's MCP tool machinery: the same argument checks, and every call recorded in the
 * sandbox's session as a {@code tool_call}. They do what the REST routes do.
 */
final class CageMcpTools {
    /** MCP answers are text: a download is base64 in JSON, so it stays modest. */
    static final long MAX_DOWNLOAD_BYTES = 4L << 20;

    private final CageExec exec;
    private final CageFiles files;

    private CageMcpTools(CageExec exec, CageFiles files) {
        this.exec = exec;
        this.files = files;
    }

    static McpTools create(SessionService sessions, CageExec exec, CageFiles files) {
        CageMcpTools t = new CageMcpTools(exec, files);
        return McpTools.of(List.of(
                new Tool("execute_code", "Execute code", "Execute code in a secure sandbox environment; the answer "
                        + "is the program's stdout (and its stderr when it failed)",
                        List.of(Param.required("code", STRING, "Code to execute"),
                                Param.optional("language", STRING, "Programming language (default python)")
                                        .oneOf(CageExec.LANGUAGES),
                                Param.optional("timeout_seconds", INTEGER, "Maximum execution time (default 30)")
                                        .range(1, ExecService.MAX_TIMEOUT_MS / 1000),
                                Param.optional("persistent", BOOLEAN, "Use persistent interpreter (maintains state)")),
                        false, true, t::execute),
                new Tool("list_files", "List files", "List files in sandbox workspace (JSON: path, files, total_size_bytes)",
                        List.of(Param.optional("path", STRING, "Directory path (default /)")), true, false, t::list),
                new Tool("upload_file", "Upload a file", "Upload a file to sandbox workspace",
                        List.of(Param.required("filename", STRING, "Target filename"),
                                Param.required("content", STRING, "Base64 encoded file content")),
                        false, true, t::upload),
                new Tool("download_file", "Download a file", "Download a file from sandbox workspace (JSON: filename, "
                        + "size_bytes, content as base64; at most " + MAX_DOWNLOAD_BYTES + " bytes)",
                        List.of(Param.required("filename", STRING, "File to download")), true, false, t::download)),
                sessions);
    }

    private ToolResult execute(McpCall c, Args a) {
        CageExec.Run run = CageExec.validate(new CageWire.CageExecuteRequest(a.string("code"), a.string("language"),
                a.integer("timeout_seconds"), null, null, a.bool("persistent", false)));
        CageWire.CageExecuteResponse r = exec.execute(c.principal(), c.sandboxId(), run);
        boolean ok = r.status().equals("success");
        return new ToolResult(ok || r.stderr().isEmpty() ? r.stdout() : r.stdout() + r.stderr(), !ok);
    }

    private ToolResult list(McpCall c, Args a) {
        return ToolResult.ok(pretty(files.list(c.principal(), c.sandboxId(), a.string("path", "/"), false)));
    }

    private ToolResult upload(McpCall c, Args a) {
        byte[] content;
        try {
            content = Base64.getDecoder().decode(a.string("content"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid base64 content");
        }
        CageWire.CageUploaded u = files.write(c.principal(), c.sandboxId(), "/", a.string("filename"),
                new ByteArrayInputStream(content), true);
        return ToolResult.ok("File uploaded: " + a.string("filename") + " (checksum: " + u.checksum() + ")");
    }

    private ToolResult download(McpCall c, Args a) {
        byte[] bytes = files.readAll(c.principal(), c.sandboxId(), a.string("filename"), MAX_DOWNLOAD_BYTES);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filename", a.string("filename"));
        m.put("size_bytes", bytes.length);
        m.put("content", Base64.getEncoder().encodeToString(bytes));
        return ToolResult.ok(pretty(m));
    }

    private static String pretty(Object value) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
