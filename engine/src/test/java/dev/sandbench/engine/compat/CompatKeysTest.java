package dev.sandbench.engine.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.sandbench.engine.compat.CompatAgentCubeTest.CI;
import static dev.sandbench.engine.compat.CompatCloudTest.assertCloudError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cloud Sandbox and AgentCube outside development mode: no token without an engine key, no
 * anonymous calls; engine keys work in each SDK's own way, and what a key minted dies with it.
 */
class CompatKeysTest {
    private static TestEngine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static String mint(String key, String userId, String role) {
        TestEngine.Res r = CompatHttp.cloud(engine, key).post("/api/v1/auth/token", Map.of("user_id", userId, "role", role));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("access_token").asText();
    }

    @Test
    void cloudSandboxMintsOnlyWithAnEngineKeyAndTakesTheKeyItself() {
        TestEngine.Res open = CompatHttp.cloud(engine, null).post("/api/v1/auth/token", Map.of("user_id", "u", "role", "user"));
        assertCloudError(open, 401);
        assertThat(open.json().get("error").asText()).contains("development mode").contains("engine API key");

        // SandboxClient(token=<engine key>).get_token(...): a token for that key's account, as user_id.
        CompatHttp cs = CompatHttp.cloud(engine, mint(engine.adminKey(), "alice", "user"));
        JsonNode session = cs.post("/api/v1/sessions", Map.of()).json();
        assertThat(session.get("user_id").asText()).isEqualTo("alice");
        String sandbox = cs.post("/api/v1/sandbox/acquire").json().get("sandbox_id").asText();
        assertThat(cs.post("/api/v1/execute", Map.of("sandbox_id", sandbox, "code", "print(6*7)")).json()
                .get("stdout").asText()).isEqualTo("42\n");
        // Sandbox(token=<engine key>): the key as the token, its account as the user.
        CompatHttp key = CompatHttp.cloud(engine, engine.adminKey());
        assertThat(key.post("/api/v1/sessions", Map.of()).json().get("user_id").asText()).isEqualTo("acc_admin");
        assertCloudError(key.get("/api/v1/sessions/" + session.get("id").asText()), 404);

        // A key of another account: its tokens are that account's, and die with the key.
        JsonNode account = engine.client().post("/v1/admin/accounts", Map.of("name", "team")).json();
        String teamKey = account.get("key").get("key").asText();
        String teamKeyId = account.get("key").get("id").asText();
        assertCloudError(CompatHttp.cloud(engine, teamKey).post("/api/v1/auth/token", Map.of("user_id", "t", "role", "admin")), 403);
        CompatHttp team = CompatHttp.cloud(engine, mint(teamKey, "carol", "user"));
        assertThat(team.get("/api/v1/sessions").json().get("sessions")).isEmpty();
        assertCloudError(team.post("/api/v1/execute", Map.of("sandbox_id", sandbox, "code", "1")), 404);
        assertThat(engine.client(teamKey).delete("/v1/account/keys/" + teamKeyId).status()).isEqualTo(204);
        assertCloudError(team.get("/api/v1/sessions"), 401);
        // A token cannot mint tokens.
        assertCloudError(CompatHttp.cloud(engine, mint(engine.adminKey(), "x", "user")).post("/api/v1/auth/token",
                Map.of("user_id", "y", "role", "user")), 401);
        cs.delete("/api/v1/sessions/" + session.get("id").asText());
    }

    @Test
    void aDevelopmentTokenStopsWorkingOnceTheEngineRunsWithoutDevelopmentMode() throws Exception {
        Path data = Files.createTempDirectory("sandbench-cloud-dev-");
        TestEngine dev = new TestEngine(data, c -> c.withDev(true).withWarmPool(0));
        String token = CompatHttp.cloud(dev, null).post("/api/v1/auth/token", Map.of("user_id", "quick", "role", "user"))
                .json().get("access_token").asText();
        assertThat(CompatHttp.cloud(dev, token).get("/api/v1/sessions").status()).isEqualTo(200);
        dev.stop(); // the data directory stays: the same secret signs and checks
        try (TestEngine strict = new TestEngine(data, c -> c.withWarmPool(0))) {
            TestEngine.Res r = CompatHttp.cloud(strict, token).get("/api/v1/sessions");
            assertCloudError(r, 401);
            assertThat(r.json().get("error").asText()).contains("development mode");
        } finally {
            TestEngine.deleteTree(data);
        }
    }

    @Test
    void agentCubeWithoutCredentialsIs401AndWithAnEngineKeyWorks() {
        TestEngine.Res anonymous = CompatAgentCubeTest.control(engine).post("/v1/code-interpreter",
                Map.of("name", "my-interpreter", "namespace", "default", "ttl", 3600, "metadata", Map.of()));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("message").asText()).contains("development mode");
        CompatAgentCubeTest.assertDataError(CompatHttp.none(engine).post(CI + "api/execute",
                Map.of("command", List.of("true"))), 401);

        // CodeInterpreterClient(auth_token=<engine key>): Bearer on both planes.
        CompatHttp cp = CompatAgentCubeTest.control(engine).with("Authorization", "Bearer " + engine.adminKey());
        String session = CompatAgentCubeTest.create(cp, 3600);
        CompatHttp dp = CompatHttp.none(engine).with("Authorization", "Bearer " + engine.adminKey())
                .with("x-agentcube-session-id", session);
        CompatAgentCubeTest.write(dp, "script_1.py", "print('keyed')");
        assertThat(CompatAgentCubeTest.execute(dp, List.of("python3", "script_1.py"), "120s").get("stdout").asText())
                .isEqualTo("keyed\n");
        CompatAgentCubeTest.assertDataError(CompatHttp.none(engine).with("Authorization", "Bearer sk_wrong")
                .with("x-agentcube-session-id", session).post(CI + "api/execute", Map.of("command", List.of("true"))), 401);
        assertThat(cp.delete("/v1/code-interpreter/sessions/" + session).status()).isEqualTo(200);
    }
}
