package dev.sandbench.engine.compat.agentcube;

import dev.sandbench.engine.api.ErrorShape;
import dev.sandbench.engine.api.Json;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AgentCube's error bodies: the WorkloadManager (control plane) answers {@code {"message"}}, the
 * Router and PicoD (data plane) {@code {"error", "code"}}. Its SDK never reads them (it raises
 * {@code requests.HTTPError} on any status from 400 on), so they are for the people reading the
 * exception's response.
 */
final class AgentCubeErrors {
    static final ErrorShape CONTROL = (ctx, status, title, detail) -> write(ctx, status, "message", title, detail);
    static final ErrorShape DATA = (ctx, status, title, detail) -> write(ctx, status, "error", title, detail);

    private AgentCubeErrors() {}

    private static void write(Context ctx, int engineStatus, String field, String title, String detail) {
        int status = status(engineStatus);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, detail == null || detail.isBlank() ? title : detail);
        if (field.equals("error")) body.put("code", status);
        ctx.status(status);
        ctx.res().setContentType("application/json");
        ctx.result(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** The engine's status as AgentCube's: a sandbox the engine cannot start is the Router's 503. */
    static int status(int engine) {
        return switch (engine) {
            case 400, 401, 403, 404, 405, 409, 413, 429, 500, 502, 503, 504 -> engine;
            case 410 -> 404;
            case 415, 416, 422 -> 400;
            default -> engine < 500 ? 400 : 500;
        };
    }
}
