package dev.sandbench.engine.compat.cloud;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatAuth;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.Dispatch;
import io.javalin.http.Context;

/**
 * Who calls Cloud Sandbox's routes: {@code Authorization: Bearer} with one of this engine's Cloud
 * tokens (user {@code user_id} of the account of the key that minted it, or in development mode of
 * the admin account), or with an engine API key itself (its account, as that account's user).
 */
final class CloudAuth {
    static final String DEV_CREDENTIAL = "a Cloud Sandbox token minted without an engine key";

    private final CompatAuth auth;
    private final CloudTokens tokens;

    CloudAuth(CompatAuth auth, CloudTokens tokens) {
        this.auth = auth;
        this.tokens = tokens;
    }

    CompatIdentity identify(Context ctx) {
        String bearer = Dispatch.credential(ctx, "Bearer ");
        if (bearer == null || bearer.isBlank()) {
            throw ApiException.unauthorized("missing or invalid authorization header: send 'Authorization: Bearer "
                    + "<token>' with a token from POST /api/v1/auth/token, or an engine API key");
        }
        if (!CloudTokens.looksLikeJwt(bearer)) return auth.engineKey(ctx, bearer);
        CloudTokens.Claims c = tokens.verify(bearer);
        return c.dev() ? auth.dev(CompatApi.CLOUD_SANDBOX, c.userId(), DEV_CREDENTIAL)
                : auth.issuedBy(c.keyId(), c.accountId(), c.userId());
    }

    /**
     * The token endpoint. With an engine key ({@code Authorization: Bearer <key>}) the token is for
     * user {@code user_id} of that key's account, and role admin needs an admin key; without one,
     * only development mode mints (for the admin account, as the quick starts need).
     */
    CloudWire.CloudToken mint(Context ctx, CloudWire.CloudTokenRequest req) {
        if (req.userId() == null || req.userId().isEmpty()) throw ApiException.badRequest("user_id required");
        String role = req.role() == null || req.role().isEmpty() ? "user" : req.role();
        if (!role.equals("user") && !role.equals("admin")) {
            throw ApiException.badRequest("role must be 'user' or 'admin', got '" + role + "'");
        }
        if (!CompatAuth.validUser(req.userId())) {
            throw ApiException.badRequest("user_id must be 1-64 letters, digits or '_', '.', '@', '-' (starting with a "
                    + "letter or digit)");
        }
        String bearer = Dispatch.credential(ctx, "Bearer ");
        if (bearer == null || bearer.isBlank()) {
            if (!auth.devMode()) {
                throw ApiException.unauthorized("minting a token without an engine key is only allowed in development "
                        + "mode (an engine started with --dev on a loopback address); send 'Authorization: Bearer "
                        + "<engine API key>' to mint one for your account, or use the key as the token");
            }
            auth.dev(CompatApi.CLOUD_SANDBOX, req.userId(), DEV_CREDENTIAL);
            return tokens.mint(new CloudTokens.Claims(req.userId(), role, true, null, null));
        }
        if (CloudTokens.looksLikeJwt(bearer)) {
            throw ApiException.unauthorized("a token cannot mint tokens: send an engine API key");
        }
        CompatIdentity key = auth.engineKey(ctx, bearer);
        if (role.equals("admin") && !key.principal().admin()) {
            throw ApiException.forbidden("role admin needs an admin engine key");
        }
        return tokens.mint(new CloudTokens.Claims(req.userId(), role, false, key.principal().keyId(), key.accountId()));
    }
}
