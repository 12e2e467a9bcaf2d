package dev.sandbench.client.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An open terminal WebSocket. Thread-safe; {@link #close()} ends the shell on the engine and
 * frees its PTY.
 */
public final class TerminalConnection implements AutoCloseable {
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile WebSocket socket;

    TerminalConnection() {
    }

    WebSocketListener listener(TerminalListener l) {
        return new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                opened.complete(null);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                JsonNode f;
                try {
                    f = EngineHttp.MAPPER.readTree(text);
                } catch (Exception e) {
                    l.onError("unreadable frame from the engine: " + text);
                    return;
                }
                switch (f.path("type").asText()) {
                    case "output" -> l.onOutput(f.path("data").asText());
                    case "exit" -> {
                        int code = f.path("code").asInt();
                        exit.complete(code);
                        l.onExit(code);
                    }
                    case "error" -> l.onError(f.path("message").asText());
                    default -> { }
                }
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                webSocket.close(1000, null);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                exit.complete(null);
                l.onClosed(null);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                Throwable failure = response != null ? EngineHttp.failure(response) : t;
                opened.completeExceptionally(failure);
                exit.completeExceptionally(failure);
                l.onClosed(failure);
            }
        };
    }

    void attach(WebSocket ws) {
        this.socket = ws;
    }

    CompletableFuture<Void> opened() {
        return opened;
    }

    /** Types into the terminal (keys, pasted text, a command line with its newline). */
    public void send(String data) {
        socket.send(frame("input", data));
    }

    /** Tells the PTY its new size; programs inside see it (stty size, SIGWINCH). */
    public void resize(int rows, int cols) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "resize");
        m.put("rows", rows);
        m.put("cols", cols);
        socket.send(EngineHttp.MAPPER.valueToTree(m).toString());
    }

    /** Completes with the exit code when the shell ends (null when the socket closed without one). */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    /** Bytes queued for sending and not yet written, for a caller that wants to pace itself. */
    public long queuedBytes() {
        return socket.queueSize();
    }

    private static String frame(String type, String data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("data", data);
        return EngineHttp.MAPPER.valueToTree(m).toString();
    }

    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws != null) ws.close(1000, "closed by client");
    }
}
