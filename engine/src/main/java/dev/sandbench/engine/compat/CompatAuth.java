package dev.sandbench.engine.compat;

import dev.sandbench.engine.account.Accounts;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Principal;
import io.javalin.http.Context;

import java.util.regex.Pattern;

/**
 * Turns what a compatible API's SDK presents into an engine identity. Each API parses its own
 * header scheme; they all end here, so an engine key means the same account whichever SDK
 * carries it, and every development-mode credential is refused in one place outside {@code --dev}.
 * Cloud Sandbox's open token endpoint mints tokens whose use asks {@link #dev}; AgentCube's
 * anonymous calls ask {@link #dev} for its default user; a credential an engine key issued comes
 * back through {@link #issuedBy}, so it dies with the key.
 */
public final class CompatAuth {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");

    private final HttpApi api;
    private final boolean devMode;

    public CompatAuth(HttpApi api, boolean devMode) {
        this.api = api;
        this.devMode = devMode;
    }

    public boolean devMode() {
        return devMode;
    }

    /** The account behind an engine API key; the API's user is that account. 401 for an unknown key. */
    public CompatIdentity engineKey(Context ctx, String key) {
        Principal p = api.authenticateKey(key, ctx.userAgent(), ctx.ip());
        return new CompatIdentity(p, p.accountId(), false);
    }

    /**
     * User {@code user} of the account whose engine key {@code keyId} issued a credential (a Cloud
     * Sandbox token minted with that key): 401 once the key is revoked or no longer that account's.
     */
    public CompatIdentity issuedBy(String keyId, String accountId, String user) {
        Principal p = api.authenticateKeyId(keyId);
        if (!p.accountId().equals(accountId)) {
            throw ApiException.unauthorized("the engine API key that issued this credential belongs to another account");
        }
        return new CompatIdentity(p, requireUser(user, "the credential"), false);
    }

    /** {@code user} if it is a valid user name of a compatible API, else a 401 naming {@code what} carried it. */
    private static String requireUser(String user, String what) {
        if (user == null || !USER.matcher(user).matches()) {
            throw ApiException.unauthorized("the user name in " + what + " must be 1-64 letters, digits or "
                    + "'_', '.', '@', '-' (starting with a letter or digit)");
        }
        return user;
    }

    /** Whether {@code user} is a valid user name of a compatible API. */
    public static boolean validUser(String user) {
        return user != null && USER.matcher(user).matches();
    }

    /**
     * A development identity: the admin account (the workbench's own, so what it creates shows
     * there), acting as {@code user} of {@code compatApi}. Outside development mode a 401 that
     * names {@code credential} and says how to get in.
     */
    public CompatIdentity dev(CompatApi compatApi, String user, String credential) {
        if (!devMode) {
            throw ApiException.unauthorized(credential + " is accepted only in development mode (an engine started "
                    + "with --dev on a loopback address); use an engine API key instead");
        }
        requireUser(user, credential);
        Principal p = new Principal(Accounts.ADMIN_ACCOUNT, "dev:" + compatApi.id() + ":" + user, false);
        api.throttle(p.keyId());
        return new CompatIdentity(p, user, true);
    }
}
