package dev.sandbench.client.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandbench.client.SandbenchException;
import dev.sandbench.client.SandbenchTimeoutException;
import dev.sandbench.client.TransportException;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/** MCP as JSON-RPC 2.0 over the sandbox's WebSocket (subprotocol {@code mcp}); answers are matched by id. */
final class WebSocketSession implements McpSession {
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private final Duration timeout;
    private volatile WebSocket socket;
    private volatile Throwable failure;
    private JsonNode initialized;

    private WebSocketSession(Duration timeout) {
        this.timeout = timeout;
    }

    static WebSocketSession open(OkHttpClient sockets, Request upgrade, Duration timeout) {
        WebSocketSession s = new WebSocketSession(timeout);
        s.socket = sockets.newWebSocket(upgrade, s.listener());
        try {
            s.opened.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SandbenchException x) throw x;
            throw new TransportException("cannot open the MCP WebSocket: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            s.close();
            throw new SandbenchTimeoutException("the MCP WebSocket did not open within 15 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.close();
            throw new TransportException("interrupted while opening the MCP WebSocket", e);
        }
        s.initialized = s.request("initialize", McpClient.initializeParams());
        s.notifyServer("notifications/initialized");
        return s;
    }

    private WebSocketListener listener() {
        return new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                opened.complete(null);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                JsonNode m;
                try {
                    m = EngineHttp.MAPPER.readTree(text);
                } catch (Exception e) {
                    return; // nothing to match it with
                }
                if (m.isArray()) m.forEach(WebSocketSession.this::answer);
                else answer(m);
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                webSocket.close(1000, null);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                fail(new TransportException("the MCP WebSocket closed (" + code + " " + reason + ")", null));
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                Throwable f = response != null ? EngineHttp.failure(response) : new TransportException(
                        "the MCP WebSocket failed: " + t.getMessage(), t);
                opened.completeExceptionally(f);
                fail(f);
            }
        };
    }

    private void answer(JsonNode m) {
        CompletableFuture<JsonNode> f = m.path("id").canConvertToLong() ? pending.remove(m.get("id").asLong()) : null;
        if (f != null) f.complete(m);
    }

    private void fail(Throwable t) {
        failure = t;
        pending.values().forEach(f -> f.completeExceptionally(t));
        pending.clear();
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
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        if (failure != null || !socket.send(m.toString())) {
            pending.remove(id);
            throw new TransportException("the MCP WebSocket is closed", failure);
        }
        try {
            return McpClient.result(method, answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SandbenchException x) throw x;
            throw new TransportException(method + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            pending.remove(id);
            throw new SandbenchTimeoutException(method + " got no answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.remove(id);
            throw new TransportException("interrupted while waiting for " + method, e);
        }
    }

    private void notifyServer(String method) {
        socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}");
    }

    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws != null) ws.close(1000, "closed by client");
    }
}
