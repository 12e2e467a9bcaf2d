package dev.sandbench.engine.compat.agentcube;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatAuth;
import dev.sandbench.engine.compat.CompatIdentity;
import io.javalin.http.Context;

/**
 * AgentCube's callers. Its SDK sends {@code Authorization: Bearer <token>} when given
 * {@code auth_token=} (an engine API key here: that account) and nothing otherwise, as in its
 * quick start: such calls are user {@value #ANONYMOUS} of the admin account, in development mode only.
 */
final class AgentCubeAuth {
    static final String ANONYMOUS = "anonymous";

    private final CompatAuth auth;

    AgentCubeAuth(CompatAuth auth) {
        this.auth = auth;
    }

    CompatIdentity identify(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            return auth.dev(CompatApi.AGENTCUBE, ANONYMOUS, "an AgentCube call without credentials");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw ApiException.unauthorized("Authorization must be 'Bearer <engine API key>' (the SDK's auth_token=)");
        }
        return auth.engineKey(ctx, header.substring(7).trim());
    }
}
