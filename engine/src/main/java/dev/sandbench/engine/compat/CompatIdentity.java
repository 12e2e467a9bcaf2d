package dev.sandbench.engine.compat;

import dev.sandbench.engine.api.Principal;

/**
 * Who is calling a compatible API.
 *
 * @param principal the engine account that owns what the call creates
 * @param user      the API's own notion of a user: the suffix of a CAGE {@code dev_} key, the
 *                  {@code user_id} of CAGE's MCP {@code initialize}, or the account id for an engine key
 * @param dev       whether this identity exists only because the engine runs in development mode
 */
public record CompatIdentity(Principal principal, String user, boolean dev) {
    public String accountId() {
        return principal.accountId();
    }
}
