package dev.sandbench.engine.compat.cage;

import dev.sandbench.engine.api.ErrorShape;
import dev.sandbench.engine.api.Json;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CAGE's error body ({@code api/error.rs}): {@code {"error": CODE, "message", "details", "request_id"}}
 * with the statuses CAGE uses. The SDK reads {@code message} only when the Content-Type is exactly
 * {@code application/json}, so no charset parameter is sent.
 */
final class CageErrors {
    static final ErrorShape SHAPE = CageErrors::write;

    private CageErrors() {}

    static void write(Context ctx, int engineStatus, String title, String detail) {
        int status = status(engineStatus);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code(status));
        body.put("message", detail == null ? title : detail);
        body.put("details", null);
        body.put("request_id", null);
        ctx.status(status);
        ctx.res().setContentType("application/json");
        ctx.result(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** The engine's status as one of CAGE's: 422 and 415 are a bad request there, 410 a missing thing. */
    static int status(int engine) {
        return switch (engine) {
            case 400, 401, 403, 404, 405, 408, 409, 413, 429 -> engine;
            case 410 -> 404;
            case 415, 416, 422 -> 400;
            default -> engine < 500 ? 400 : 500;
        };
    }

    static String code(int status) {
        return switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 408 -> "EXECUTION_TIMEOUT";
            case 409 -> "CONFLICT";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 429 -> "TOO_MANY_REQUESTS";
            case 500 -> "INTERNAL_ERROR";
            default -> "BAD_REQUEST";
        };
    }
}
