package dev.sandbench.client.terminal;

import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.SandbenchException;
import dev.sandbench.client.SandbenchTimeoutException;
import dev.sandbench.client.TransportException;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.sandbench.client.http.EngineHttp.seg;

/** Interactive terminals and streamed one-off commands over the engine's terminal WebSocket. */
public final class TerminalClient {
    private final EngineHttp http;
    private final OkHttpClient sockets;

    public TerminalClient(EngineHttp http) {
        this.http = http;
        // A terminal may sit idle for hours; pings keep the connection and notice a dead engine.
        this.sockets = http.okHttp().newBuilder().callTimeout(Duration.ZERO).readTimeout(Duration.ZERO)
                .pingInterval(Duration.ofSeconds(30)).build();
    }

    /** Opens an interactive shell (bash where present) on a PTY of the given size. */
    @ApiRoute("GET /v1/sandboxes/{id}/terminal")
    public TerminalConnection open(String sandboxId, int rows, int cols, TerminalListener listener) {
        return connect(http.url("/v1/sandboxes/" + seg(sandboxId) + "/terminal", "rows", rows, "cols", cols), null, listener);
    }

    /**
     * Runs one command with its output streamed to {@code listener} as it is produced; the
     * connection ends with {@link TerminalListener#onExit(int)}.
     */
    public TerminalConnection stream(String sandboxId, String command, TerminalListener listener) {
        return connect(http.url("/v1/sandboxes/" + seg(sandboxId) + "/terminal"), command, listener);
    }

    private TerminalConnection connect(HttpUrl url, String firstInput, TerminalListener listener) {
        TerminalConnection c = new TerminalConnection();
        HttpUrl ws = url.newBuilder().scheme(url.isHttps() ? "https" : "http").build();
        c.attach(sockets.newWebSocket(new Request.Builder().url(ws).header("Sec-WebSocket-Protocol", "terminal").build(),
                c.listener(listener)));
        try {
            c.opened().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SandbenchException s) throw s;
            throw new TransportException("cannot open the terminal: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            c.close();
            throw new SandbenchTimeoutException("the terminal did not open within 15 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new TransportException("interrupted while opening the terminal", e);
        }
        if (firstInput != null) c.send(firstInput);
        return c;
    }
}
