package dev.sandbench.engine.compat;

import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import io.javalin.http.HandlerType;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * {@code GET /health} at the root, shared by CAGE (whose SDK returns it to the caller), Cloud
 * Sandbox and AgentCube (whose SDKs never call it): one superset body, always 200 like CAGE's,
 * with {@code status} saying whether sandboxes can be created.
 */
public final class CompatHealth {
    /** CAGE's fields ({@code podman_version} is null: no podman here) plus the engine's problem, if any. */
    public record CompatHealthStatus(String status, String version, long uptimeSeconds, int activeSessions, String podmanVersion,
                         String engine, boolean devMode, String problem) {}

    private CompatHealth() {}

    public static void register(CompatServices c, Supplier<String> problem) {
        Instant started = Instant.now();
        c.routes().http().route(HandlerType.GET, "/health", "/health", Doc.of("Health for the compatible APIs' SDKs "
                        + "(CAGE's health()): status healthy or unhealthy, uptime, open compatible sessions")
                .tag("compat").operationId("compatHealth").response(CompatHealthStatus.class).publicRoute(), ctx -> {
                    String why = problem.get();
                    HttpApi.json(ctx, 200, new CompatHealthStatus(why == null ? "healthy" : "unhealthy", c.version(),
                            Duration.between(started, Instant.now()).toSeconds(), c.store().countOpen(), null,
                            "sandbench", c.auth().devMode(), why));
                });
    }
}
