package dev.sandbench.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.events.EventBus;
import dev.sandbench.engine.exec.CodeService;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.files.FileService;
import dev.sandbench.engine.git.Git;
import dev.sandbench.engine.sandbox.SandboxService;
import dev.sandbench.engine.sessions.SessionService;
import dev.sandbench.engine.snapshots.SnapshotService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools every sandbox serves over MCP, whichever the transport. They call the engine's
 * services in-process, so a tool does exactly what the matching REST call does; every call is
 * recorded in the sandbox's session as a {@code tool_call} event (name, arguments, result).
 */
public final class McpTools {
    private static final Logger LOG = LoggerFactory.getLogger(McpTools.class);

    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final SessionService sessions;

    public McpTools(SandboxService sandboxes, ExecService exec, CodeService code, FileService files, Git git,
                    SnapshotService snapshots, EventBus events, SessionService sessions) {
        this.sessions = sessions;
        List<Tool> all = new ArrayList<>();
        all.addAll(new ShellTools(exec, code).tools());
        all.addAll(new FileTools(sandboxes, files, exec, events, sessions).tools());
        all.addAll(new GitTools(git, files).tools());
        all.addAll(new SnapshotTools(snapshots).tools());
        all.forEach(t -> tools.put(t.name(), t));
    }

    /** The {@code tools/list} entries. */
    public List<Map<String, Object>> definitions() {
        return tools.values().stream().map(Tool::definition).toList();
    }

    /**
     * Runs a tool. An unknown tool or bad arguments throw {@link McpException} (a JSON-RPC error);
     * anything that goes wrong while the tool runs is an error result the model can read.
     */
    public ToolResult call(McpCall call, String name, JsonNode arguments) {
        long start = System.nanoTime();
        ToolResult result = null;
        String protocolError = null;
        try {
            Tool tool = tools.get(name);
            if (tool == null) {
                throw McpException.invalidParams("unknown tool '" + name + "'; tools: " + String.join(", ", tools.keySet()));
            }
            Args args = Args.check(name, tool.params(), arguments);
            result = run(tool, call, args);
            return result;
        } catch (McpException e) {
            protocolError = e.getMessage();
            throw e;
        } finally {
            record(call, name, arguments, result, protocolError, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static ToolResult run(Tool tool, McpCall call, Args args) {
        try {
            return tool.handler().call(call, args);
        } catch (McpException e) {
            throw e;
        } catch (ApiException e) {
            return ToolResult.error(e.detail());
        } catch (RuntimeException e) {
            LOG.error("MCP tool {} failed unexpectedly", tool.name(), e);
            return ToolResult.error("the engine failed unexpectedly while running " + tool.name() + "; see the engine log");
        }
    }

    /** The arguments as recorded: long strings (a whole file for write_file) cut at the recording cap. */
    private static JsonNode capped(JsonNode arguments) {
        if (arguments == null || !arguments.isObject()) return arguments == null ? Json.MAPPER.createObjectNode() : arguments;
        ObjectNode copy = arguments.deepCopy();
        arguments.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual() && e.getValue().asText().length() > SessionService.CONTENT_CAP) {
                copy.put(e.getKey(), e.getValue().asText().substring(0, SessionService.CONTENT_CAP));
            }
        });
        return copy;
    }

    private void record(McpCall call, String name, JsonNode arguments, ToolResult result, String protocolError,
                        long durationMs) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("arguments", capped(arguments));
        if (result != null) {
            String text = result.text();
            d.put("result", text.length() <= SessionService.CONTENT_CAP ? text : text.substring(0, SessionService.CONTENT_CAP));
            d.put("is_error", result.isError());
        } else {
            d.put("result", null);
            d.put("is_error", true);
            d.put("error", protocolError == null ? "the call failed" : protocolError);
        }
        d.put("duration_ms", durationMs);
        d.put("source", "mcp");
        d.put("transport", call.transport());
        sessions.record(call.accountId(), call.sandboxId(), "tool_call", d);
    }
}
