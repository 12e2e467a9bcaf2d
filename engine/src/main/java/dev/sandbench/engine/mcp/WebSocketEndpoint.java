package dev.sandbench.engine.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MCP as JSON-RPC 2.0 over a WebSocket (subprotocol {@code mcp}) at {@code /v1/sandboxes/{id}/mcp}.
 * Requests run off the socket's thread, a few at a time per connection, so a long command does
 * not hold up a ping; past that limit the socket stops reading, which slows a flooding client
 * down instead of queueing without bound.
 */
final class WebSocketEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);
    private static final String CALL = "sandbench.mcp.call";
    private static final String STATE = "sandbench.mcp.connection";
    static final int IN_FLIGHT_PER_CONNECTION = 4;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final SandboxService sandboxes;
    private final McpProtocol protocol;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mcp-ws-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    WebSocketEndpoint(SandboxService sandboxes, McpProtocol protocol) {
        this.sandboxes = sandboxes;
        this.protocol = protocol;
    }

    /**
     * The version a WebSocket client gets answers for until its {@code initialize} says otherwise:
     * the one the engine's WebSocket contract names. Its clients (Caged's SDK) build objects from
     * every key of a tool or prompt, so fields of later versions, such as {@code title}, are sent
     * only to a client that announced a version that has them.
     */
    static final String BASELINE_VERSION = "2024-11-05";

    /** One open socket: its sends are serialised (Jetty allows one blocking send at a time). */
    private static final class Connection {
        final WsContext ws;
        final Semaphore inFlight = new Semaphore(IN_FLIGHT_PER_CONNECTION);
        volatile String protocolVersion = BASELINE_VERSION;

        Connection(WsContext ws) {
            this.ws = ws;
        }

        synchronized void send(JsonNode message) {
            try {
                ws.send(Json.write(message));
            } catch (RuntimeException e) {
                // the client went away; nothing to answer to
            }
        }
    }

    /** Checks the key and the sandbox before the upgrade, so a refusal is an HTTP problem. */
    void admit(HttpApi api, Context ctx) {
        Principal p = api.authenticate(ctx);
        SandboxRecord sandbox = sandboxes.get(p, ctx.pathParam("id"));
        ctx.attribute(CALL, new McpCall(p, sandbox.id(), sandbox.accountId(), "websocket", BASELINE_VERSION));
        String offered = ctx.header("Sec-WebSocket-Protocol");
        if (offered != null) {
            for (String proto : offered.split(",")) {
                if (proto.trim().equals("mcp")) {
                    ctx.header("Sec-WebSocket-Protocol", "mcp");
                    break;
                }
            }
        }
    }

    void connect(WsContext ws) {
        ws.session.setIdleTimeout(Duration.ofHours(1));
        // write_file carries whole files; allow what the REST API allows in a body.
        ws.session.setMaxTextMessageSize(HttpApi.MAX_JSON_BODY);
        ws.attribute(STATE, new Connection(ws));
    }

    void message(WsContext ws, String text) {
        Connection c = ws.attribute(STATE);
        McpCall call = ws.attribute(CALL);
        if (c == null || call == null) return;
        JsonNode msg;
        try {
            msg = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            c.send(error(null, McpException.PARSE_ERROR, "parse error: the message is not JSON"));
            return;
        }
        try {
            c.inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    JsonNode answer = msg.isArray() ? batch(msg, c, call) : answer(msg, c, call);
                    if (answer != null) c.send(answer);
                } catch (RuntimeException e) {
                    LOG.error("MCP WebSocket message failed unexpectedly", e);
                    c.send(error(msg.path("id"), McpException.INTERNAL_ERROR, "the engine failed unexpectedly"));
                } finally {
                    c.inFlight.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            c.inFlight.release();
        }
    }

    private JsonNode batch(JsonNode msgs, Connection c, McpCall call) {
        if (msgs.isEmpty()) return error(null, McpException.INVALID_REQUEST, "an empty batch");
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode m : msgs) {
            JsonNode a = answer(m, c, call);
            if (a != null) out.add(a);
        }
        return out.isEmpty() ? null : out;
    }

    /** The answer to one JSON-RPC message, or null for notifications and responses. */
    private JsonNode answer(JsonNode m, Connection c, McpCall call) {
        if (!m.isObject() || !"2.0".equals(m.path("jsonrpc").asText())) {
            return error(m.path("id"), McpException.INVALID_REQUEST, "not a JSON-RPC 2.0 message (\"jsonrpc\": \"2.0\")");
        }
        boolean isRequest = m.has("id") && !m.get("id").isNull();
        if (!m.path("method").isTextual()) {
            // A response to a request of ours (we send none) or something malformed.
            return isRequest && !m.has("result") && !m.has("error")
                    ? error(m.get("id"), McpException.INVALID_REQUEST, "a request needs 'method' (a string)") : null;
        }
        String method = m.get("method").asText();
        JsonNode params = m.get("params");
        if (!isRequest) return null; // notifications (initialized, cancelled) need no answer
        JsonNode id = m.get("id");
        if (!id.isTextual() && !id.isIntegralNumber()) {
            return error(null, McpException.INVALID_REQUEST, "'id' must be a string or an integer");
        }
        if (params != null && !params.isNull() && !params.isObject()) {
            return error(id, McpException.INVALID_PARAMS, "'params' must be an object");
        }
        try {
            Object result;
            if (method.equals("initialize")) {
                c.protocolVersion = McpProtocol.versionOf(params);
                result = protocol.initialize(params);
            } else {
                result = protocol.handle(method, params, call.withProtocolVersion(c.protocolVersion));
            }
            ObjectNode r = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
            r.set("id", id);
            r.set("result", Json.MAPPER.valueToTree(result));
            return r;
        } catch (McpException e) {
            return error(id, e.code(), e.getMessage());
        } catch (ApiException e) {
            return error(id, -32000, e.detail());
        }
    }

    private static JsonNode error(JsonNode id, int code, String message) {
        ObjectNode r = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        r.set("id", id == null || id.isMissingNode() ? Json.MAPPER.nullNode() : id);
        r.putObject("error").put("code", code).put("message", message);
        return r;
    }

    void close() {
        workers.shutdownNow();
    }
}
