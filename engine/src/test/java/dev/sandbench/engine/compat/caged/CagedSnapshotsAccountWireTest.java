package dev.sandbench.engine.compat.caged;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static dev.sandbench.engine.compat.caged.CagedSdk.assertFiltered;
import static dev.sandbench.engine.compat.caged.CagedSdk.assertProblem;
import static dev.sandbench.engine.compat.caged.CagedSdk.assertStrict;
import static dev.sandbench.engine.compat.caged.CagedSdk.ok;
import static dev.sandbench.engine.compat.caged.CagedSdk.query;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code caged.snapshots}, {@code caged.account} and {@code caged.billing}. */
class CagedSnapshotsAccountWireTest {
    static TestEngine engine;
    static CagedSdk sdk;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine();
        sdk = new CagedSdk(engine);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void aSnapshotIsTakenListedDownloadedRestoredAndDeleted() throws Exception {
        String id = ok(sdk.call("POST", "/sandboxes", Map.of("template", "python-312")), 201).get("id").asText();
        sdk.call("PUT", "/sandboxes/" + id + "/files/content", Map.of("path", "/workspace/a.txt", "content", "one"));
        JsonNode snap = ok(sdk.call("POST", "/sandboxes/" + id + "/snapshots",
                Map.of("name", "checkpoint-1", "description", "before")), 201);
        assertFiltered(snap, CagedSdk.SNAPSHOT);
        assertThat(snap.get("name").asText()).isEqualTo("checkpoint-1");
        String sid = snap.get("id").asText();
        // snapshots.create() with neither name nor description sends {}.
        assertFiltered(ok(sdk.call("POST", "/sandboxes/" + id + "/snapshots", Map.of()), 201), CagedSdk.SNAPSHOT);

        JsonNode list = ok(sdk.get("/sandboxes/" + id + "/snapshots"), 200);
        list.forEach(s -> assertFiltered(s, CagedSdk.SNAPSHOT));
        assertThat(list.findValuesAsText("id")).contains(sid);
        assertFiltered(ok(sdk.get("/snapshots/" + sid), 200), CagedSdk.SNAPSHOT);

        String url = ok(sdk.get("/snapshots/" + sid + "/download"), 200).get("url").asText();
        HttpResponse<byte[]> archive = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(archive.statusCode()).as("no credentials needed").isEqualTo(200);
        assertThat(archive.body().length).isPositive();

        sdk.call("PUT", "/sandboxes/" + id + "/files/content", Map.of("path", "/workspace/a.txt", "content", "two"));
        assertThat(sdk.call("POST", "/snapshots/" + sid + "/restore", null).status()).isLessThan(300);
        assertThat(ok(sdk.get("/sandboxes/" + id + "/files/content" + query("path", "/workspace/a.txt")), 200).asText())
                .isEqualTo("one");

        assertThat(sdk.call("DELETE", "/snapshots/" + sid, null).status()).isLessThan(300);
        assertProblem(sdk.get("/snapshots/" + sid), 404, sid);
        sdk.call("DELETE", "/sandboxes/" + id, null);
    }

    @Test
    void apiKeysHaveExactlyTheSdksFieldsAndTheSecretOnlyOnCreation() {
        JsonNode created = ok(sdk.call("POST", "/account/keys", Map.of("name", "sdk-test")), 201);
        assertThat(created.get("key").asText()).isNotBlank();
        String keyId = created.get("id").asText();
        JsonNode keys = ok(sdk.get("/account/keys"), 200);
        keys.forEach(k -> assertStrict(k, CagedSdk.API_KEY));
        assertThat(keys.findValuesAsText("id")).contains(keyId);
        assertThat(sdk.call("DELETE", "/account/keys/" + keyId, null).status()).isLessThan(300);
        assertThat(ok(sdk.get("/account/keys"), 200).findValuesAsText("id")).doesNotContain(keyId);
    }

    @Test
    void clientSessionsHaveExactlyTheSdksFieldsAndCanBeRevoked() {
        JsonNode sessions = ok(sdk.get("/account/sessions"), 200);
        sessions.forEach(s -> assertStrict(s, CagedSdk.SESSION));
        assertThat(sessions.findValuesAsText("user_agent")).contains(CagedSdk.USER_AGENT);
        String mine = null;
        for (JsonNode s : sessions) if (s.get("user_agent").asText().equals(CagedSdk.USER_AGENT)) mine = s.get("id").asText();
        assertThat(sdk.call("DELETE", "/account/sessions/" + mine, null).status()).isLessThan(300);
        assertThat(ok(sdk.get("/account/sessions"), 200).findValuesAsText("id")).doesNotContain(mine);
    }

    @Test
    void billingIsASelfHostedPlanAndItsPaymentRoutesSayTheyDoNotApply() {
        JsonNode sub = ok(sdk.get("/billing/subscription"), 200);
        assertFiltered(sub, CagedSdk.SUBSCRIPTION);
        assertThat(sub.get("status").asText()).isIn("active", "trialing", "canceled", "past_due", "none");
        assertProblem(sdk.call("POST", "/billing/checkout", Map.of("plan", "pro")), 404, "does not apply to a self-hosted engine");
        assertProblem(sdk.call("POST", "/billing/portal", null), 404, "does not apply to a self-hosted engine");
        assertProblem(sdk.call("POST", "/billing/cancel", null), 404, "does not apply to a self-hosted engine");
    }
}
