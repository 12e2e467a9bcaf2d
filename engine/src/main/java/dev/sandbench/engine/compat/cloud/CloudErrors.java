package dev.sandbench.engine.compat.cloud;

import dev.sandbench.engine.api.ErrorShape;
import dev.sandbench.engine.api.Json;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cloud Sandbox's error body. Its SDK raises by status alone for 401 (AuthError), 404
 * (NotFoundError), 429 (RateLimitError) and 502 (ServiceUnavailableError); for any other status it
 * raises SandboxError with the body's {@code error} (else {@code message}), so {@code error} carries
 * what went wrong in words and {@code code} a short name like the gateway's {@code unauthorized}.
 */
final class CloudErrors {
    static final ErrorShape SHAPE = CloudErrors::write;

    private CloudErrors() {}

    static void write(Context ctx, int engineStatus, String title, String detail) {
        int status = status(engineStatus);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", detail == null || detail.isBlank() ? title : detail);
        body.put("code", code(status));
        ctx.status(status);
        ctx.res().setContentType("application/json");
        ctx.result(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The engine's status as Cloud Sandbox's. A sandbox the engine cannot start (503) is the
     * backend being unavailable, which the gateway answers 502 (ServiceUnavailableError); the
     * engine's 422 (a value it cannot serve) is a 400 there.
     */
    static int status(int engine) {
        return switch (engine) {
            case 400, 401, 403, 404, 405, 409, 413, 429, 500, 502, 504, 507 -> engine;
            case 410 -> 404;
            case 503 -> 502;
            case 415, 416, 422 -> 400;
            default -> engine < 500 ? 400 : 500;
        };
    }

    static String code(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 429 -> "rate_limited";
            case 502 -> "backend_unavailable";
            case 504 -> "timeout";
            case 507 -> "insufficient_storage";
            case 500 -> "internal_error";
            default -> "invalid_request";
        };
    }
}
