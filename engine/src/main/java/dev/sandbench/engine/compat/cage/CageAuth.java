package dev.sandbench.engine.compat.cage;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatAuth;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.Dispatch;
import io.javalin.http.Context;

/**
 * CAGE's credentials: {@code Authorization: ApiKey <key>} (what the SDK sends) or
 * {@code X-API-Key: <key>}. An engine API key is its account; in development mode
 * {@code dev_<user>} is user {@code <user>} of the admin account, as CAGE's own dev rule has it.
 */
final class CageAuth {
    static final String DEV_PREFIX = "dev_";

    private final CompatAuth auth;

    CageAuth(CompatAuth auth) {
        this.auth = auth;
    }

    CompatIdentity identify(Context ctx) {
        String key = presented(ctx);
        if (key == null || key.isBlank()) {
            throw ApiException.unauthorized("missing API key: CAGE routes take 'Authorization: ApiKey <key>' or "
                    + "'X-API-Key: <key>' with an engine API key" + (auth.devMode() ? ", or dev_<user> in development mode" : ""));
        }
        return identifyKey(ctx, key);
    }

    /** A key however it came: {@code dev_<user>} (development mode only) or an engine API key. */
    CompatIdentity identifyKey(Context ctx, String key) {
        return key.startsWith(DEV_PREFIX)
                ? auth.dev(CompatApi.CAGE, key.substring(DEV_PREFIX.length()), "the CAGE development key '" + key + "'")
                : auth.engineKey(ctx, key);
    }

    /** The key from CAGE's headers, or null. */
    static String presented(Context ctx) {
        String key = Dispatch.credential(ctx, "ApiKey ");
        if (key == null) key = ctx.header("X-API-Key");
        return key;
    }

    CompatAuth compat() {
        return auth;
    }
}
