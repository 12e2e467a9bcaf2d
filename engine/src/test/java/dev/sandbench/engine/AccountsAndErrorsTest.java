package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AccountsAndErrorsTest {
    static TestEngine engine;
    static TestEngine.Client admin;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine();
        admin = engine.client();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void adminKeyFileIsPrivate() throws Exception {
        assertThat(java.nio.file.Files.getPosixFilePermissions(engine.dataDir().resolve("admin.key")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void anotherAccountsSandboxIsNotFoundEverywhere() {
        JsonNode created = admin.post("/v1/admin/accounts", Map.of("name", "other team")).json();
        TestEngine.Client other = engine.client(created.get("key").get("key").asText());
        String mine = admin.createSandbox();
        for (TestEngine.Res r : new TestEngine.Res[]{
                other.get("/v1/sandboxes/" + mine),
                other.post("/v1/sandboxes/" + mine + "/exec", Map.of("command", "id")),
                other.get("/v1/sandboxes/" + mine + "/files?path=/workspace"),
                other.get("/v1/sandboxes/" + mine + "/stats"),
                other.post("/v1/sandboxes/" + mine + "/pause", Map.of()),
                other.delete("/v1/sandboxes/" + mine)}) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.json().get("detail").asText()).isEqualTo("sandbox " + mine + " does not exist");
        }
        assertThat(other.get("/v1/sandboxes").json().size()).isZero();
        assertThat(other.post("/v1/admin/accounts", Map.of("name", "x")).status()).isEqualTo(403);
        assertThat(admin.get("/v1/sandboxes/" + mine).status()).isEqualTo(200);
        admin.delete("/v1/sandboxes/" + mine);
    }

    @Test
    void onlyAnAdminKeyIsToldWhereTheEngineKeepsItsFiles() {
        JsonNode created = admin.post("/v1/admin/accounts", Map.of("name", "curious team")).json();
        TestEngine.Client other = engine.client(created.get("key").get("key").asText());
        assertThat(admin.get("/v1/info").json().get("data_dir").asText())
                .isEqualTo(engine.dataDir().toAbsolutePath().normalize().toString());
        JsonNode info = other.get("/v1/info").json();
        assertThat(info.get("data_dir").isNull()).as(info.toString()).isTrue();
        assertThat(info.toString()).doesNotContain(engine.dataDir().toString());
    }

    @Test
    void keysAreCreatedListedAndRevoked() {
        JsonNode k = admin.post("/v1/account/keys", Map.of("name", "ci")).json();
        String secret = k.get("key").asText();
        assertThat(k.get("prefix").asText()).isEqualTo(secret.substring(0, 10));
        TestEngine.Client ci = engine.client(secret);
        assertThat(ci.get("/v1/sandboxes").status()).isEqualTo(200);
        JsonNode listed = admin.get("/v1/account/keys").json();
        assertThat(listed.findValuesAsText("name")).contains("ci", "admin");
        for (JsonNode key : listed) {
            assertThat(key.has("key")).isFalse();
            assertThat(key.size()).isEqualTo(5);
        }
        assertThat(admin.delete("/v1/account/keys/" + k.get("id").asText()).status()).isEqualTo(204);
        TestEngine.Res refused = ci.get("/v1/sandboxes");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(admin.get("/v1/account/sessions").json().size()).isPositive();
    }

    @Test
    void missingOrBadKeysAreRefused() {
        assertThat(engine.client(null).get("/v1/sandboxes").status()).isEqualTo(401);
        assertThat(engine.client("sk_wrong").get("/v1/sandboxes").status()).isEqualTo(401);
        assertThat(engine.client(null).get("/v1/health").status()).isEqualTo(200);
    }

    @Test
    void badInputGetsAProblemNeverA500() {
        assertProblem(admin.send("POST", "/v1/sandboxes", "{not json", "application/json"), 400, "malformed JSON");
        assertProblem(admin.post("/v1/sandboxes", Map.of("cpus", "two")), 400, "cpus");
        assertProblem(admin.post("/v1/sandboxes", Map.of("memory_mb", 1.5)), 400, "memory_mb");
        assertProblem(admin.post("/v1/sandboxes", Map.of("env", "x")), 400, "env");
        assertProblem(admin.send("POST", "/v1/sandboxes", "[1,2]", "application/json"), 400, "JSON object");
        assertProblem(admin.post("/v1/sandboxes", Map.of("template", "nope")), 400, "unknown template");
        assertProblem(admin.post("/v1/sandboxes", Map.of("memory_mb", 10_000_000)), 422, "memory_mb");
        assertProblem(admin.post("/v1/sandboxes", Map.of("cpus", 4096)), 422, "cpus");
        assertProblem(admin.post("/v1/sandboxes", Map.of("network_mode", "allowlist",
                "egress", Map.of("allow", java.util.List.of("not a rule!")))), 400, "neither a network");
        assertProblem(admin.post("/v1/sandboxes", Map.of("network_mode", "none",
                "egress", Map.of("deny", java.util.List.of("198.51.100.7")))), 400, "egress rules need network_mode");
        assertProblem(admin.post("/v1/sandboxes", Map.of("network_mode", "lan")), 400, "network_mode");
        assertProblem(admin.post("/v1/sandboxes", Map.of("repo", "https://example.invalid/x.git")), 422, "repo");
        assertProblem(admin.send("POST", "/v1/sandboxes", "template=minimal", "application/x-www-form-urlencoded"),
                415, "application/json");
        assertProblem(admin.get("/v1/sandboxes/sbx_doesnotexist"), 404, "does not exist");
        assertProblem(admin.post("/v1/sandboxes/sbx_doesnotexist/exec", Map.of("command", "true")), 404, "does not exist");
        assertProblem(admin.get("/v1/no/such/route"), 404, "");
        assertProblem(admin.send("PATCH", "/v1/sandboxes", "{}", "application/json"), 405, "");
        assertProblem(admin.send("POST", "/v1/sandboxes", "{\"name\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}",
                "application/json"), 413, "");
        String id = admin.createSandbox();
        assertProblem(admin.post("/v1/sandboxes/" + id + "/exec", Map.of()), 400, "command");
        assertProblem(admin.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "true", "timeout_ms", -5)), 400, "timeout_ms");
        admin.delete("/v1/sandboxes/" + id);
        assertProblem(admin.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "true")), 404, "destroyed");
    }

    private static void assertProblem(TestEngine.Res r, int status, String detailContains) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).as(r.body()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).contains(detailContains);
    }
}
