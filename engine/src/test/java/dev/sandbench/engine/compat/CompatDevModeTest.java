package dev.sandbench.engine.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.Engine;
import dev.sandbench.engine.core.EngineConfig;
import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.sandbench.engine.compat.CompatCageTest.assertCageError;
import static dev.sandbench.engine.compat.CompatSandkastenTest.assertSandkastenError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Development mode's limits, and the compatible APIs' state across an engine restart. */
class CompatDevModeTest {
    @Test
    void developmentModeIsRefusedOnANonLoopbackAddress() throws Exception {
        Path data = Files.createTempDirectory("sandbench-dev-");
        try {
            assertThatThrownBy(() -> Engine.start(EngineConfig.defaults(data).withPort(0).withBind("0.0.0.0").withDev(true)))
                    .isInstanceOf(IOException.class).hasMessageContaining("--dev is refused on 0.0.0.0")
                    .hasMessageContaining("loopback");
            assertThat(Files.exists(data.resolve("engine.db"))).as("refused before anything started").isFalse();
        } finally {
            TestEngine.deleteTree(data);
        }
        assertThat(dev.sandbench.engine.EngineMainAccess.parse("--dev").dev()).isTrue();
        assertThat(dev.sandbench.engine.EngineMainAccess.parse().dev()).isFalse();
        assertThat(dev.sandbench.engine.EngineMainAccess.usage()).contains("--dev");
    }

    @Test
    void outsideDevelopmentModeTheQuickStartCredentialsAre401InEachApisShape() throws Exception {
        try (TestEngine engine = new TestEngine()) {
            TestEngine.Res cage = CompatHttp.cage(engine, "dev_myuser").post("/api/v1/execute", Map.of("code", "1"));
            assertCageError(cage, 401, "UNAUTHORIZED");
            assertThat(cage.json().get("message").asText()).contains("development mode");
            CompatHttp sk = CompatHttp.sandkasten(engine, "sk-sandbox-quickstart");
            assertSandkastenError(sk.post("/v1/sessions", Map.of("image", "python")), 401, "UNAUTHORIZED");
            assertSandkastenError(sk.get("/v1/sessions/sbx_any"), 401, "UNAUTHORIZED");
            assertSandkastenError(sk.get("/v1/workspaces"), 401, "UNAUTHORIZED");
            // Real keys work in each SDK's own scheme.
            assertThat(CompatHttp.cage(engine, engine.adminKey()).post("/api/v1/execute", Map.of("code", "print(1)"))
                    .json().get("stdout").asText()).isEqualTo("1\n");
            assertThat(CompatHttp.sandkasten(engine, engine.adminKey()).post("/v1/sessions", Map.of("image", "base"))
                    .status()).isEqualTo(201);
            JsonNode info = engine.client().get("/v1/info").json();
            assertThat(info.get("dev_mode").asBoolean()).isFalse();
            assertThat(info.get("compatible_apis").toString())
                    .isEqualTo("[\"cage\",\"sandkasten\",\"cloud-sandbox\",\"agentcube\"]");
            assertThat(CompatHttp.none(engine).get("/health").json().get("dev_mode").asBoolean()).isFalse();
            assertThat(engine.client().get("/v1/sandboxes").json().findValuesAsText("sandbench.api"))
                    .containsExactlyInAnyOrder("cage", "sandkasten");
        }
    }

    @Test
    void usersSessionsAndJobResultsSurviveAnEngineRestart() throws Exception {
        try (TestEngine engine = new TestEngine(c -> c.withDev(true).withWarmPool(0))) {
            CompatHttp cage = CompatHttp.cage(engine, "dev_keeper");
            cage.post("/api/v1/execute", Map.of("code", "open('kept.txt','w').write('kept')", "language", "python"));
            JsonNode before = cage.get("/api/v1/session").json();
            String done = cage.post("/api/v1/execute/async", Map.of("code", "print('finished')")).json().get("job_id").asText();
            awaitJob(cage, done);
            String cut = cage.post("/api/v1/execute/async", Map.of("code", "import time; time.sleep(60)")).json()
                    .get("job_id").asText();
            CompatHttp sk = CompatHttp.sandkasten(engine, "sk-sandbox-quickstart");
            String session = sk.post("/v1/sessions", Map.of("image", "base")).json().get("id").asText();
            sk.post("/v1/sessions/" + session + "/fs/write", Map.of("path", "notes.txt", "text", "still here"));

            engine.stop();
            engine.start();
            cage = CompatHttp.cage(engine, "dev_keeper");
            sk = CompatHttp.sandkasten(engine, "sk-sandbox-quickstart");

            JsonNode after = cage.get("/api/v1/session").json();
            assertThat(after.get("session_id").asText()).isEqualTo(before.get("session_id").asText());
            assertThat(after.get("container_id").asText()).isEqualTo(before.get("container_id").asText());
            assertThat(after.get("status").asText()).isEqualTo("stopped");
            assertThat(cage.post("/api/v1/execute", Map.of("code", "print(open('kept.txt').read())")).json()
                    .get("stdout").asText()).isEqualTo("kept\n");
            JsonNode finished = cage.get("/api/v1/jobs/" + done).json();
            assertThat(finished.get("status").asText()).isEqualTo("completed");
            assertThat(finished.get("result").get("stdout").asText()).isEqualTo("finished\n");
            JsonNode lost = cage.get("/api/v1/jobs/" + cut).json();
            // Its process ended with the engine (interrupted at a clean stop; after a crash the restart marks it).
            assertThat(lost.get("status").asText()).isEqualTo("failed");
            assertThat(lost.get("error").asText()).isNotBlank();

            assertThat(sk.get("/v1/sessions").json().findValuesAsText("id")).contains(session);
            JsonNode out = sk.post("/v1/sessions/" + session + "/exec", Map.of("cmd", "cat notes.txt", "timeout_ms", 30000,
                    "raw_output", false)).json();
            assertThat(out.get("output").asText()).isEqualTo("still here");
            assertThat(out.get("cwd").asText()).isEqualTo("/workspace");
        }
    }

    @Test
    void cloudSandboxAndAgentCubeSessionsSurviveAnEngineRestart() throws Exception {
        try (TestEngine engine = new TestEngine(c -> c.withDev(true).withWarmPool(0))) {
            String token = CompatHttp.cloud(engine, null).post("/api/v1/auth/token", Map.of("user_id", "restarted",
                    "role", "user")).json().get("access_token").asText();
            CompatHttp cs = CompatHttp.cloud(engine, token);
            String session = cs.post("/api/v1/sessions", Map.of()).json().get("id").asText();
            String sandbox = cs.post("/api/v1/sandbox/acquire").json().get("sandbox_id").asText();
            cs.put("/api/v1/files", Map.of("sandbox_id", sandbox, "path", "kept.txt", "content", "kept"));
            cs.post("/api/v1/execute", Map.of("sandbox_id", sandbox, "code", "x = 42", "language", "python"));
            assertThat(cs.post("/api/v1/sessions/" + session + "/pause").json().get("status").asText()).isEqualTo("paused");
            String ac = CompatAgentCubeTest.create(CompatAgentCubeTest.control(engine), 3600);
            CompatAgentCubeTest.write(CompatAgentCubeTest.data(engine, ac), "value.txt", "42");

            engine.stop();
            engine.start();
            cs = CompatHttp.cloud(engine, token);

            // The token still verifies (the secret is in the data directory); the session is still paused.
            assertThat(cs.get("/api/v1/sessions/" + session).json().get("status").asText()).isEqualTo("paused");
            assertThat(cs.post("/api/v1/sessions/" + session + "/resume").json().get("status").asText()).isEqualTo("active");
            assertThat(cs.post("/api/v1/sandbox/acquire").json().get("sandbox_id").asText()).isEqualTo(sandbox);
            JsonNode kept = cs.post("/api/v1/execute", Map.of("sandbox_id", sandbox, "command", List.of("cat", "kept.txt"))).json();
            assertThat(kept.get("stdout").asText()).isEqualTo("kept");
            // The interpreter did not survive the engine: it starts afresh.
            assertThat(cs.post("/api/v1/execute", Map.of("sandbox_id", sandbox, "code", "print(x)", "language", "python"))
                    .json().get("stderr").asText()).contains("NameError");
            JsonNode read = CompatAgentCubeTest.execute(CompatAgentCubeTest.data(engine, ac), List.of("cat", "value.txt"), "10s");
            assertThat(read.get("stdout").asText()).isEqualTo("42");
        }
    }

    private static void awaitJob(CompatHttp cage, String id) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            if (!cage.get("/api/v1/jobs/" + id).json().get("status").asText().matches("queued|running")) return;
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " did not finish");
    }
}
