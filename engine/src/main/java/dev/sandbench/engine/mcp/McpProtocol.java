package dev.sandbench.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.sessions.SessionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MCP's methods, answered the same way for both transports: the WebSocket handler and the
 * SDK's Streamable HTTP sessions both call {@link #handle}. Results are plain maps in MCP's
 * wire shape; a wrong request throws {@link McpException}.
 */
public final class McpProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(McpProtocol.class);
    /** Newest first; the first is offered to a client asking for one we do not know. */
    public static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    public static final String INSTRUCTIONS = "This server is one Sandbench sandbox: an isolated Linux machine with "
            + "the project in /workspace. Use the tools to run commands and code, read, write and search files, use "
            + "git, and take or restore snapshots. The get_started prompt explains how to work here.";

    private final String version;
    private final McpTools tools;
    private final McpResources resources;
    private final McpPrompts prompts = new McpPrompts();
    private final SessionService sessions;

    McpProtocol(String version, McpTools tools, McpResources resources, SessionService sessions) {
        this.version = version;
        this.tools = tools;
        this.resources = resources;
        this.sessions = sessions;
    }

    /** The protocol version to answer a client that asked for {@code requested}. */
    public static String negotiate(String requested) {
        return VERSIONS.contains(requested) ? requested : VERSIONS.get(0);
    }

    Map<String, Object> serverInfo() {
        return Map.of("name", "sandbench", "title", "Sandbench sandbox", "version", version);
    }

    /** The version a client asks for in its {@code initialize} params, negotiated. */
    static String versionOf(JsonNode initializeParams) {
        return negotiate(initializeParams == null ? null : initializeParams.path("protocolVersion").asText(null));
    }

    /** {@code initialize}'s result over the WebSocket (the SDK's session builds the Streamable HTTP one). */
    Map<String, Object> initialize(JsonNode params) {
        String version = versionOf(params);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("protocolVersion", version);
        r.put("capabilities", Map.of("tools", Map.of("listChanged", false),
                "resources", Map.of("subscribe", false, "listChanged", false),
                "prompts", Map.of("listChanged", false)));
        r.put("serverInfo", SchemaVersions.withoutTitle(serverInfo(), version));
        r.put("instructions", INSTRUCTIONS);
        return r;
    }

    /** Answers one request (everything but {@code initialize}, which the transports answer before a session exists). */
    public Object handle(String method, JsonNode params, McpCall call) {
        try {
            return switch (method) {
                case "ping" -> Map.of();
                case "tools/list" -> Map.of("tools", SchemaVersions.tools(tools.definitions(), call.protocolVersion()));
                case "tools/call" -> {
                    String name = params == null ? null : params.path("name").asText(null);
                    if (name == null || !params.get("name").isTextual()) {
                        throw McpException.invalidParams("tools/call needs 'name' (a string)");
                    }
                    yield tools.call(call, name, params.get("arguments")).toMcp();
                }
                case "resources/list" -> Map.of("resources", SchemaVersions.titled(resources.list(call),
                        call.protocolVersion()));
                case "resources/templates/list" -> Map.of("resourceTemplates", SchemaVersions.titled(resources.templates(),
                        call.protocolVersion()));
                case "resources/read" -> recorded(call, method, params, () -> resources.read(call,
                        params == null ? null : params.path("uri").asText(null)));
                case "prompts/list" -> Map.of("prompts", SchemaVersions.titled(prompts.list(), call.protocolVersion()));
                case "prompts/get" -> recorded(call, method, params, () -> prompts.get(
                        params == null ? null : params.path("name").asText(null), params == null ? null : params.get("arguments")));
                case "logging/setLevel" -> Map.of();
                default -> throw new McpException(McpException.METHOD_NOT_FOUND, "method not found: " + method);
            };
        } catch (McpException e) {
            throw e;
        } catch (ApiException e) {
            // The sandbox is gone, stopped or paused: a server error the client can show as it is.
            throw new McpException(e.status() == 400 || e.status() == 422 ? McpException.INVALID_PARAMS : -32000, e.detail());
        } catch (RuntimeException e) {
            LOG.error("MCP {} failed unexpectedly", method, e);
            throw new McpException(McpException.INTERNAL_ERROR, "the engine failed unexpectedly; see the engine log");
        }
    }

    /** Reads are recorded too, so a replay shows what the agent looked at. */
    private Object recorded(McpCall call, String method, JsonNode params, java.util.function.Supplier<Object> op) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("method", method);
        d.put("params", params == null ? Map.of() : params);
        d.put("transport", call.transport());
        try {
            return op.get();
        } catch (RuntimeException e) {
            d.put("error", e instanceof ApiException a ? a.detail() : e.getMessage());
            throw e;
        } finally {
            sessions.record(call.accountId(), call.sandboxId(), "mcp_request", d);
        }
    }
}
