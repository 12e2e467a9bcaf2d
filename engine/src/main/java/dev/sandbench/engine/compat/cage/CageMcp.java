package dev.sandbench.engine.compat.cage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.Dispatch;
import dev.sandbench.engine.mcp.McpCall;
import dev.sandbench.engine.mcp.McpException;
import dev.sandbench.engine.mcp.McpProtocol;
import dev.sandbench.engine.mcp.McpTools;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CAGE's MCP server: JSON-RPC 2.0 over a WebSocket at {@code /mcp}. Its SDK takes the next frame
 * it receives as the answer to the request it just sent, so this endpoint answers every request
 * exactly once, in the order they came, and never sends anything unasked. It is lenient where
 * CAGE's SDK is terse: {@code initialize} without protocolVersion, no {@code initialized}
 * notification. The user is {@code params.user_id} of {@code initialize} (key-less, development
 * mode only), or the account of an engine key given as {@code ?token=} or in a header.
 */
final class CageMcp {
    private static final Logger LOG = LoggerFactory.getLogger(CageMcp.class);
    private static final String IDENTITY = "sandbench.cage.identity";
    private static final String STATE = "sandbench.cage.connection";
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final String DEFAULT_VERSION = "2024-11-05";

    private final CageAuth auth;
    private final CageSessions sessions;
    private final McpTools tools;
    private final HttpApi http;
    private final String version;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cage-mcp-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** One socket: its user once known, and its requests chained so they run and answer in order. */
    private static final class Connection {
        final WsContext ws;
        CompatIdentity identity;
        /** What initialize settled; CAGE's SDK asks for none, and CAGE answers 2024-11-05. */
        String version = DEFAULT_VERSION;
        CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        Connection(WsContext ws, CompatIdentity identity) {
            this.ws = ws;
            this.identity = identity;
        }

        synchronized void send(JsonNode message) {
            try {
                ws.send(Json.write(message));
            } catch (RuntimeException e) {
                // the client went away; nothing to answer to
            }
        }
    }

    CageMcp(CageAuth auth, CageSessions sessions, McpTools tools, HttpApi http, String version) {
        this.auth = auth;
        this.sessions = sessions;
        this.tools = tools;
        this.http = http;
        this.version = version;
    }

    /**
     * Before the upgrade: a key, when one is given, must be valid; without one the socket is open
     * only in development mode. A refusal is an HTTP 401 in CAGE's shape.
     */
    void admit(Context ctx) {
        HttpApi.useErrorShape(ctx, CageErrors.SHAPE);
        String key = CageAuth.presented(ctx);
        if (key == null) key = Dispatch.credential(ctx, "Bearer ");
        if (key == null) key = ctx.queryParam("token");
        if (key == null) key = ctx.queryParam("api_key");
        if (key != null && !key.isBlank()) {
            ctx.attribute(IDENTITY, auth.identifyKey(ctx, key));
        } else if (!auth.compat().devMode()) {
            throw ApiException.unauthorized("CAGE's MCP socket takes no key only in development mode (an engine started "
                    + "with --dev on loopback); otherwise connect to ws://<engine>/mcp?token=<engine API key>");
        }
    }

    void configure(WsConfig cfg) {
        cfg.onConnect(ws -> {
            ws.session.setIdleTimeout(Duration.ofHours(1));
            ws.session.setMaxTextMessageSize(HttpApi.MAX_JSON_BODY);
            ws.attribute(STATE, new Connection(ws, ws.attribute(IDENTITY)));
        });
        cfg.onMessage(ws -> {
            Connection c = ws.attribute(STATE);
            if (c == null) return;
            String text = ws.message();
            synchronized (c) {
                c.tail = c.tail.thenRunAsync(() -> process(c, text), workers);
            }
        });
    }

    private void process(Connection c, String text) {
        JsonNode answer;
        try {
            answer = answer(c, text);
        } catch (RuntimeException e) {
            LOG.error("CAGE MCP message failed unexpectedly", e);
            answer = error(null, McpException.INTERNAL_ERROR, "the engine failed unexpectedly; see the engine log");
        }
        if (answer != null) c.send(answer);
    }

    /** The one answer to a message, or null for a notification (or a stray response). */
    private JsonNode answer(Connection c, String text) {
        JsonNode m;
        try {
            m = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return error(null, McpException.PARSE_ERROR, "Parse error: the message is not JSON");
        }
        if (m == null || !m.isObject()) {
            return error(null, McpException.INVALID_REQUEST, "one JSON-RPC request object per message");
        }
        JsonNode id = m.get("id");
        boolean request = id != null && !id.isNull();
        if (!m.path("method").isTextual()) {
            return request && !m.has("result") && !m.has("error")
                    ? error(id, McpException.INVALID_REQUEST, "a request needs 'method' (a string)") : null;
        }
        if (!request) return null;
        JsonNode params = m.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            return error(id, McpException.INVALID_PARAMS, "'params' must be an object");
        }
        try {
            return result(id, call(c, m.get("method").asText(), params));
        } catch (McpException e) {
            return error(id, e.code(), e.getMessage());
        } catch (ApiException e) {
            return error(id, e.status() == 401 ? -32001 : -32000, e.detail());
        }
    }

    private Object call(Connection c, String method, JsonNode params) {
        switch (method) {
            case "initialize" -> {
                if (c.identity == null) {
                    String user = params == null ? null : params.path("user_id").asText(null);
                    if (user != null) c.identity = auth.compat().dev(CompatApi.CAGE, user,
                            "MCP user_id '" + user + "' without a key");
                }
                String requested = params == null ? null : params.path("protocolVersion").asText(null);
                c.version = requested == null ? DEFAULT_VERSION : McpProtocol.negotiate(requested);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("protocolVersion", c.version);
                r.put("capabilities", Map.of("tools", Map.of()));
                r.put("serverInfo", Map.of("name", "Sandbench (CAGE-compatible)", "version", version));
                return r;
            }
            case "ping" -> {
                return Map.of();
            }
            case "tools/list" -> {
                return Map.of("tools", tools.definitions(c.version));
            }
            case "tools/call" -> {
                if (c.identity == null) {
                    throw new McpException(-32001, "No user authenticated: send initialize with params.user_id first");
                }
                String name = params == null ? null : params.path("name").asText(null);
                if (name == null || !params.get("name").isTextual()) {
                    throw McpException.invalidParams("tools/call needs 'name' (a string)");
                }
                http.throttle(c.identity.principal().keyId());
                String sandboxId = sessions.runningSandbox(c.identity);
                McpCall call = new McpCall(c.identity.principal(), sandboxId, c.identity.accountId(), "cage-websocket",
                        c.version);
                return tools.call(call, name, params.get("arguments")).toMcp();
            }
            default -> throw new McpException(McpException.METHOD_NOT_FOUND, "Method not found: " + method);
        }
    }

    private static JsonNode result(JsonNode id, Object result) {
        ObjectNode r = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        r.set("id", id);
        r.set("result", Json.MAPPER.valueToTree(result));
        return r;
    }

    private static JsonNode error(JsonNode id, int code, String message) {
        ObjectNode r = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        r.set("id", id == null ? Json.MAPPER.nullNode() : id);
        r.putObject("error").put("code", code).put("message", message);
        return r;
    }

    void close() {
        workers.shutdownNow();
    }
}
