package dev.sandbench.engine.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Json;
import io.javalin.http.Context;

/**
 * Tells apart the APIs that share a path on the one listener. CAGE and Cloud Sandbox both serve
 * {@code POST /api/v1/execute} and {@code GET /api/v1/files}: CAGE's SDK always sends
 * {@code Authorization: ApiKey} (its server also takes {@code X-API-Key}), Cloud Sandbox's always
 * {@code Bearer}; without either, only Cloud Sandbox names a {@code sandbox_id}.
 */
public final class Dispatch {
    private Dispatch() {}

    /** {@code Authorization: ApiKey ...} or an {@code X-API-Key} header. */
    public static boolean apiKeyScheme(Context ctx) {
        return scheme(ctx, "ApiKey ") || ctx.header("X-API-Key") != null;
    }

    public static boolean bearerScheme(Context ctx) {
        return scheme(ctx, "Bearer ");
    }

    /** The credential after {@code scheme} in the Authorization header, or null. */
    public static String credential(Context ctx, String scheme) {
        String h = ctx.header("Authorization");
        return h != null && h.regionMatches(true, 0, scheme, 0, scheme.length()) ? h.substring(scheme.length()).trim() : null;
    }

    private static boolean scheme(Context ctx, String scheme) {
        return credential(ctx, scheme) != null;
    }

    /** {@code sandbox_id} in the query or in a JSON body (multipart and other bodies are not read). */
    public static boolean namesSandboxId(Context ctx) {
        if (ctx.queryParam("sandbox_id") != null) return true;
        String ct = ctx.contentType();
        if (ct == null || !ct.toLowerCase().startsWith("application/json")) return false;
        try {
            JsonNode body = Json.tree(ctx.body());
            return body.isObject() && body.has("sandbox_id");
        } catch (ApiException malformed) {
            return false;
        }
    }

    /** Which of the two APIs a request on their shared paths is for. */
    public static CompatApi cageOrCloud(Context ctx) {
        if (apiKeyScheme(ctx)) return CompatApi.CAGE;
        if (bearerScheme(ctx)) return CompatApi.CLOUD_SANDBOX;
        return namesSandboxId(ctx) ? CompatApi.CLOUD_SANDBOX : CompatApi.CAGE;
    }
}
