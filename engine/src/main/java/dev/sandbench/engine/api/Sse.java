package dev.sandbench.engine.api;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes Server-Sent Events to a response as they happen (any method, unlike Javalin's GET-only SSE). */
public final class Sse {
    private final OutputStream out;

    private Sse(OutputStream out) {
        this.out = out;
    }

    public static Sse start(Context ctx) throws IOException {
        ctx.disableCompression();
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        out.flush();
        return new Sse(out);
    }

    /** Sends one event; throws when the client has gone. */
    public synchronized void send(String event, String id, Object data) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (id != null) sb.append("id: ").append(id).append('\n');
        sb.append("event: ").append(event).append('\n');
        sb.append("data: ").append(Json.write(data)).append("\n\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A comment line: keeps proxies from closing an idle stream, and finds a client that left. */
    public synchronized void keepAlive() throws IOException {
        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
