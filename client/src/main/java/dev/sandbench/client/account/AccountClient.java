package dev.sandbench.client.account;

import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.Request;

import java.util.List;
import java.util.Map;

import static dev.sandbench.client.http.EngineHttp.seg;

/** API keys, clients seen, billing, and (with the admin key) accounts. */
public final class AccountClient {
    private final EngineHttp http;

    public AccountClient(EngineHttp http) {
        this.http = http;
    }

    @ApiRoute("GET /v1/account/keys")
    public List<ApiKey> keys() {
        return http.call(get("/v1/account/keys"), http.listOf(ApiKey.class));
    }

    /** Creates a key for the caller's account; the returned secret is not shown again. */
    @ApiRoute("POST /v1/account/keys")
    public CreatedKey createKey(String name) {
        return http.call(post("/v1/account/keys", Map.of("name", name)), CreatedKey.class);
    }

    @ApiRoute("DELETE /v1/account/keys/{id}")
    public void revokeKey(String keyId) {
        http.send(new Request.Builder().url(http.url("/v1/account/keys/" + seg(keyId))).delete().build());
    }

    @ApiRoute("GET /v1/account/sessions")
    public List<ClientSession> sessions() {
        return http.call(get("/v1/account/sessions"), http.listOf(ClientSession.class));
    }

    @ApiRoute("DELETE /v1/account/sessions/{id}")
    public void forgetSession(String sessionId) {
        http.send(new Request.Builder().url(http.url("/v1/account/sessions/" + seg(sessionId))).delete().build());
    }

    @ApiRoute("GET /v1/billing/subscription")
    public Subscription subscription() {
        return http.call(get("/v1/billing/subscription"), Subscription.class);
    }

    /** For API compatibility: a self-hosted engine has nothing to pay, so this always throws. */
    @ApiRoute("POST /v1/billing/checkout")
    public void checkout() {
        http.send(post("/v1/billing/checkout", null));
    }

    /** For API compatibility: a self-hosted engine has no billing portal, so this always throws. */
    @ApiRoute("POST /v1/billing/portal")
    public void portal() {
        http.send(post("/v1/billing/portal", null));
    }

    /** For API compatibility: a self-hosted engine has no subscription to cancel, so this always throws. */
    @ApiRoute("POST /v1/billing/cancel")
    public void cancelSubscription() {
        http.send(post("/v1/billing/cancel", null));
    }

    /** Lists every account (admin key only). */
    @ApiRoute("GET /v1/admin/accounts")
    public List<Account> accounts() {
        return http.call(get("/v1/admin/accounts"), http.listOf(Account.class));
    }

    /** Creates an account and its first key (admin key only). */
    @ApiRoute("POST /v1/admin/accounts")
    public CreatedAccount createAccount(String name) {
        return http.call(post("/v1/admin/accounts", Map.of("name", name)), CreatedAccount.class);
    }

    private Request get(String path) {
        return new Request.Builder().url(http.url(path)).get().build();
    }

    private Request post(String path, Object body) {
        return new Request.Builder().url(http.url(path)).post(http.json(body)).build();
    }
}
