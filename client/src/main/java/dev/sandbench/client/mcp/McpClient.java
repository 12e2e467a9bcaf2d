package dev.sandbench.client.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.time.Duration;
import java.util.Map;

import static dev.sandbench.client.http.EngineHttp.seg;

/**
 * Every sandbox is an MCP (Model Context Protocol) server. {@link #url} is what an MCP client
 * such as Claude Desktop or the MCP Inspector connects to, with the API key as a Bearer header;
 * {@link #connect} and {@link #connectHttp} open a session from Java.
 */
public final class McpClient {
    /** Tool calls run commands; allow them as long as a command may run. */
    static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final EngineHttp http;
    private final OkHttpClient sockets;
    private final OkHttpClient calls;

    public McpClient(EngineHttp http) {
        this.http = http;
        this.sockets = http.okHttp().newBuilder().callTimeout(Duration.ZERO).readTimeout(Duration.ZERO)
                .pingInterval(Duration.ofSeconds(30)).build();
        this.calls = http.withTimeouts(TIMEOUT, TIMEOUT);
    }

    EngineHttp http() {
        return http;
    }

    /** The sandbox's MCP endpoint (Streamable HTTP; the same URL upgrades to the WebSocket), as its {@code mcp_url}. */
    public String url(String sandboxId) {
        return endpoint(sandboxId).toString();
    }

    private HttpUrl endpoint(String sandboxId) {
        return http.url("/v1/sandboxes/" + seg(sandboxId) + "/mcp");
    }

    /** Opens and initializes an MCP session over the sandbox's WebSocket (JSON-RPC 2.0, subprotocol {@code mcp}). */
    @ApiRoute("GET /v1/sandboxes/{id}/mcp")
    public McpSession connect(String sandboxId) {
        return WebSocketSession.open(sockets, new Request.Builder().url(endpoint(sandboxId))
                .header("Sec-WebSocket-Protocol", "mcp").build(), TIMEOUT);
    }

    /** Opens and initializes an MCP session over Streamable HTTP, as other MCP clients do. */
    @ApiRoute("POST /v1/sandboxes/{id}/mcp")
    public McpSession connectHttp(String sandboxId) {
        return new HttpSession(this, sandboxId, endpoint(sandboxId), calls);
    }

    /** Ends a Streamable HTTP session; {@link McpSession#close()} calls it. */
    @ApiRoute("DELETE /v1/sandboxes/{id}/mcp")
    void endHttpSession(String sandboxId, String sessionId) {
        http.send(new Request.Builder().url(endpoint(sandboxId)).header("Mcp-Session-Id", sessionId).delete().build());
    }

    static Map<String, Object> initializeParams() {
        return Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "sandbench-java", "version", SandbenchClient.VERSION));
    }

    /** The {@code result} of a JSON-RPC response, or its error as an exception. */
    static JsonNode result(String method, JsonNode response) {
        JsonNode error = response.get("error");
        if (error != null && !error.isNull()) {
            throw new McpRpcException(error.path("code").asInt(), method + ": " + error.path("message").asText());
        }
        return response.path("result");
    }
}
