package dev.sandbench.client.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandbench.client.TransportException;
import dev.sandbench.client.http.EngineHttp;
import dev.sandbench.client.http.SseReader;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MCP over Streamable HTTP: each request is a POST whose answer is JSON or an event stream that
 * ends with the response. Enough for calling tools from Java; server-initiated messages (the
 * optional GET stream) are not used by the engine.
 */
final class HttpSession implements McpSession {
    private final McpClient owner;
    private final String sandboxId;
    private final HttpUrl url;
    private final OkHttpClient http;
    private final AtomicLong ids = new AtomicLong();
    private volatile String sessionId;
    private volatile String protocolVersion;
    private final JsonNode initialized;

    HttpSession(McpClient owner, String sandboxId, HttpUrl url, OkHttpClient http) {
        this.owner = owner;
        this.sandboxId = sandboxId;
        this.url = url;
        this.http = http;
        this.initialized = request("initialize", McpClient.initializeParams());
        this.protocolVersion = initialized.path("protocolVersion").asText(null);
        post(EngineHttp.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"), -1);
    }

    @Override
    public JsonNode initializeResult() {
        return initialized;
    }

    @Override
    public JsonNode request(String method, Object params) {
        long id = ids.incrementAndGet();
        ObjectNode m = EngineHttp.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) m.set("params", EngineHttp.MAPPER.valueToTree(params));
        return McpClient.result(method, post(m, id));
    }

    /** POSTs one message; for a request, returns the response with {@code id}. */
    private JsonNode post(ObjectNode message, long id) {
        Request.Builder b = new Request.Builder().url(url).header("Accept", "application/json, text/event-stream")
                .post(RequestBody.create(message.toString(), EngineHttp.JSON));
        if (sessionId != null) b.header("Mcp-Session-Id", sessionId);
        if (protocolVersion != null) b.header("MCP-Protocol-Version", protocolVersion);
        Request request = b.build();
        try (Response r = owner.http().execute(http.newCall(request))) {
            if (sessionId == null && r.header("Mcp-Session-Id") != null) sessionId = r.header("Mcp-Session-Id");
            if (id < 0 || r.code() == 202) return null;
            String type = r.header("Content-Type", "");
            if (type.startsWith("text/event-stream")) {
                SseReader events = new SseReader(new BufferedReader(r.body().charStream()));
                for (SseReader.Event e; (e = events.next()) != null; ) {
                    JsonNode m = EngineHttp.MAPPER.readTree(e.data());
                    if (m.path("id").asLong(-1) == id) return m;
                }
                throw new TransportException("the MCP event stream ended without an answer to request " + id, null);
            }
            return EngineHttp.MAPPER.readTree(r.body().bytes());
        } catch (IOException e) {
            throw EngineHttp.transport(request, e);
        }
    }

    @Override
    public void close() {
        if (sessionId != null) owner.endHttpSession(sandboxId, sessionId);
    }
}
