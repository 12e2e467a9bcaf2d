package dev.sandbench.engine.account;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;

import java.util.Map;

/** Account keys, the clients seen using them, and (for the admin) other accounts. */
public final class AccountRoutes {
    public record CreateKeyRequest(String name) {}

    public record CreateAccountRequest(String name) {}

    public record CreatedAccount(Accounts.Account account, Accounts.CreatedKey key) {}

    public record Subscription(String plan, String status, Map<String, Object> usage) {}

    private AccountRoutes() {}

    public static void register(HttpApi api, Accounts accounts, UsageSource usage) {
        api.get("/v1/account/keys", Doc.of("List the account's API keys").tag("account")
                .responseList(Accounts.ApiKey.class),
                (ctx, p) -> HttpApi.json(ctx, 200, accounts.listKeys(p.accountId())));
        api.post("/v1/account/keys", Doc.of("Create an API key; the secret is returned once").tag("account")
                .optionalRequest(CreateKeyRequest.class).response(Accounts.CreatedKey.class).status(201, "Created"),
                (ctx, p) -> HttpApi.json(ctx, 201,
                        accounts.createKey(p.accountId(), HttpApi.body(ctx, CreateKeyRequest.class).name())));
        api.delete("/v1/account/keys/{id}", Doc.of("Revoke an API key").tag("account").status(204, "Revoked"),
                (ctx, p) -> {
                    accounts.revokeKey(p, ctx.pathParam("id"));
                    ctx.status(204);
                });
        api.get("/v1/account/sessions", Doc.of("Clients seen using the account's keys").tag("account")
                .responseList(Accounts.ClientSession.class),
                (ctx, p) -> HttpApi.json(ctx, 200, accounts.listClientSessions(p.accountId())));
        api.delete("/v1/account/sessions/{id}", Doc.of("Forget a client session").tag("account").status(204, "Deleted"),
                (ctx, p) -> {
                    accounts.deleteClientSession(p.accountId(), ctx.pathParam("id"));
                    ctx.status(204);
                });
        api.get("/v1/billing/subscription", Doc.of("The self-hosted plan and current usage").tag("account")
                .response(Subscription.class),
                (ctx, p) -> HttpApi.json(ctx, 200, new Subscription("self-hosted", "active", usage.usage(p.accountId()))));
        for (String action : new String[]{"checkout", "portal", "cancel"}) {
            api.post("/v1/billing/" + action, Doc.of("Not applicable to a self-hosted engine (answers 404 problem)")
                    .tag("account"), (ctx, p) -> {
                        throw new ApiException(404, "Not Found",
                                "billing " + action + " does not apply to a self-hosted engine: there is nothing to pay");
                    });
        }
        api.get("/v1/admin/accounts", Doc.of("List accounts (admin key only)").tag("admin")
                .responseList(Accounts.Account.class),
                (ctx, p) -> {
                    requireAdmin(p.admin());
                    HttpApi.json(ctx, 200, accounts.listAccounts());
                });
        api.post("/v1/admin/accounts", Doc.of("Create an account with its first API key (admin key only)").tag("admin")
                .request(CreateAccountRequest.class).response(CreatedAccount.class).status(201, "Created"),
                (ctx, p) -> {
                    requireAdmin(p.admin());
                    CreateAccountRequest req = HttpApi.body(ctx, CreateAccountRequest.class);
                    Accounts.Account a = accounts.createAccount(req.name());
                    HttpApi.json(ctx, 201, new CreatedAccount(a, accounts.createKey(a.id(), "default")));
                });
    }

    private static void requireAdmin(boolean admin) {
        if (!admin) {
            throw ApiException.forbidden("this route needs the engine's admin key");
        }
    }

    /** Usage figures for the billing view, supplied by the sandbox service. */
    @FunctionalInterface
    public interface UsageSource {
        Map<String, Object> usage(String accountId);
    }
}
