package dev.sandbench.engine.compat.sandkasten;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.ErrorShape;
import dev.sandbench.engine.api.Json;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sandkasten's error body ({@code internal/api/errors.go}): {@code {"error_code", "message"}} with
 * 404 (not found), 410 (expired), 400 (invalid image or request), 504 (command timeout), 401 and
 * 500. Its SDK raises {@code httpx.HTTPStatusError} on any of them; the code is for people.
 */
final class SandkastenErrors {
    static final ErrorShape SHAPE = SandkastenErrors::write;
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z_]+");

    private SandkastenErrors() {}

    /** A failure with Sandkasten's own error code (carried as the problem's title). */
    static ApiException error(int status, String code, String message) {
        return new ApiException(status, code, message);
    }

    static void write(Context ctx, int engineStatus, String title, String detail) {
        int status = status(engineStatus);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", title != null && CODE.matcher(title).matches() ? title : code(status));
        body.put("message", detail == null ? title : detail);
        ctx.status(status);
        ctx.res().setContentType("application/json");
        ctx.result(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** The engine's status as one of Sandkasten's: its validation failures are all 400s. */
    static int status(int engine) {
        return switch (engine) {
            case 400, 401, 403, 404, 405, 409, 410, 429, 504 -> engine;
            case 413, 415, 416, 422 -> 400;
            default -> engine < 500 ? 400 : 500;
        };
    }

    static String code(int status) {
        return switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 404 -> "SESSION_NOT_FOUND";
            case 410 -> "SESSION_EXPIRED";
            case 504 -> "COMMAND_TIMEOUT";
            case 500 -> "INTERNAL_ERROR";
            case 409 -> "CONFLICT";
            case 429 -> "RATE_LIMITED";
            case 403 -> "FORBIDDEN";
            default -> "INVALID_REQUEST";
        };
    }
}
