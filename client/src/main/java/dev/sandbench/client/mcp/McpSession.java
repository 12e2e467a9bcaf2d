package dev.sandbench.client.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An initialized MCP session with one sandbox, over the WebSocket or Streamable HTTP. Thread-safe;
 * close it to end the session.
 *
 * <pre>{@code
 * try (McpSession mcp = sb.mcp().connect(box.id())) {
 *     McpToolResult r = mcp.callTool("run_command", Map.of("command", "ls -la"));
 * }
 * }</pre>
 */
public interface McpSession extends AutoCloseable {

    /** The {@code initialize} result: protocol version, capabilities, server info, instructions. */
    JsonNode initializeResult();

    /**
     * Sends one JSON-RPC request and returns its {@code result}.
     *
     * @throws McpRpcException when the engine answers with a JSON-RPC error
     */
    JsonNode request(String method, Object params);

    default List<McpTool> listTools() {
        List<McpTool> tools = new ArrayList<>();
        request("tools/list", Map.of()).path("tools").forEach(t -> tools.add(McpTool.of(t)));
        return tools;
    }

    default McpToolResult callTool(String name, Map<String, ?> arguments) {
        return McpToolResult.of(request("tools/call", Map.of("name", name, "arguments", arguments)));
    }

    default JsonNode listResources() {
        return request("resources/list", Map.of()).path("resources");
    }

    /** The text of a resource such as {@code file:///workspace/README.md} (null for binary content). */
    default String readResource(String uri) {
        return request("resources/read", Map.of("uri", uri)).path("contents").path(0).path("text").asText(null);
    }

    default void ping() {
        request("ping", Map.of());
    }

    @Override
    void close();
}
