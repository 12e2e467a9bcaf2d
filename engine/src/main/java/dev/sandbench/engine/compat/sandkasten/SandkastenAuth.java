package dev.sandbench.engine.compat.sandkasten;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatAuth;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.Dispatch;
import io.javalin.http.Context;

/**
 * Sandkasten's credential, {@code Authorization: Bearer <key>}: an engine API key, or in
 * development mode the README's fixed key {@code sk-sandbox-quickstart} (the admin account, as
 * user {@code quickstart}).
 */
final class SandkastenAuth {
    static final String QUICKSTART_KEY = "sk-sandbox-quickstart";
    static final String QUICKSTART_USER = "quickstart";

    private final CompatAuth auth;

    SandkastenAuth(CompatAuth auth) {
        this.auth = auth;
    }

    CompatIdentity identify(Context ctx) {
        String key = Dispatch.credential(ctx, "Bearer ");
        if (key == null || key.isBlank()) {
            throw ApiException.unauthorized("missing API key: send 'Authorization: Bearer <engine API key>'"
                    + (auth.devMode() ? " (or " + QUICKSTART_KEY + " in development mode)" : ""));
        }
        return key.equals(QUICKSTART_KEY)
                ? auth.dev(CompatApi.SANDKASTEN, QUICKSTART_USER, "Sandkasten's quick-start key " + QUICKSTART_KEY)
                : auth.engineKey(ctx, key);
    }

    /** Whether the request carries Sandkasten's quick-start key (which only Sandkasten's SDK sends). */
    static boolean quickstart(Context ctx) {
        return QUICKSTART_KEY.equals(Dispatch.credential(ctx, "Bearer "));
    }
}
