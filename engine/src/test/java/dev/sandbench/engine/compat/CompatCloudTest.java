package dev.sandbench.engine.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cloud Sandbox's API as its Python SDK calls it (every request with {@code Content-Type:
 * application/json}, body-less POSTs included), against a real engine in development mode, in the
 * order its README's three blocks call it, then every other public method and its failures.
 */
class CompatCloudTest {
    private static TestEngine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine(c -> c.withDev(true));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** {@code Sandbox(user_id=...)}: a token from the open endpoint, then Bearer on every call. */
    static CompatHttp user(TestEngine engine, String userId) {
        TestEngine.Res t = CompatHttp.cloud(engine, null).post("/api/v1/auth/token", Map.of("user_id", userId, "role", "user"));
        assertThat(t.status()).as(t.toString()).isEqualTo(200);
        return CompatHttp.cloud(engine, t.json().get("access_token").asText());
    }

    static void assertCloudError(TestEngine.Res r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        // The SDK raises SandboxError(body["error"]) for statuses it has no class for.
        assertThat(r.json().get("error").asText()).isNotBlank();
        assertThat(r.json().get("code").asText()).isNotBlank();
    }

    private static JsonNode decode(String part) throws IOException {
        return TestEngine.JSON.readTree(Base64.getUrlDecoder().decode(part));
    }

    private static JsonNode execute(CompatHttp cs, Map<String, Object> body) {
        TestEngine.Res r = cs.post("/api/v1/execute", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void tokensAreJwtsAsTheGatewayIssuesThem() throws IOException {
        JsonNode t = CompatHttp.cloud(engine, null).post("/api/v1/auth/token", Map.of("user_id", "my-user", "role", "user")).json();
        assertThat(t.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(t.get("expires_in").isTextual()).isTrue();
        assertThat(t.get("expires_in").asText()).isEqualTo("86400");
        String[] parts = t.get("access_token").asText().split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(decode(parts[0]).get("alg").asText()).isEqualTo("HS256");
        JsonNode claims = decode(parts[1]);
        assertThat(claims.get("user_id").asText()).isEqualTo("my-user");
        assertThat(claims.get("sub").asText()).isEqualTo("my-user");
        assertThat(claims.get("role").asText()).isEqualTo("user");
        assertThat(claims.get("aud").asText()).isEqualTo("sandbench:cloud-sandbox");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(86400);
        assertThat(t.get("refresh_token").asText()).isNotEqualTo(t.get("access_token").asText());
        // A refresh token is not an access token.
        assertCloudError(CompatHttp.cloud(engine, t.get("refresh_token").asText()).get("/api/v1/sessions"), 401);
        // The secret lives in the data directory, readable by the engine's user only.
        Path secret = engine.dataDir().resolve("cloud-sandbox-jwt.key");
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertCloudError(CompatHttp.cloud(engine, null).post("/api/v1/auth/token", Map.of("role", "user")), 400);
        assertCloudError(CompatHttp.cloud(engine, null).post("/api/v1/auth/token", Map.of("user_id", "x", "role", "root")), 400);
        assertCloudError(CompatHttp.cloud(engine, null).post("/api/v1/auth/token", "not json"), 400);
    }

    @Test
    void theBasicUsageBlockRunsCodeAndCommandsAndWritesAndListsFiles() {
        CompatHttp cs = user(engine, "my-user-id");
        TestEngine.Res created = cs.post("/api/v1/sessions", Map.of("image", "python:3.11-slim"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode session = created.json();
        assertThat(session.get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(session.get("user_id").asText()).isEqualTo("my-user-id");
        assertThat(session.get("status").asText()).isEqualTo("active");
        assertThat(session.get("image").asText()).isEqualTo("python:3.11-slim");
        // The image is served by a local template, and the session says which and what version.
        assertThat(session.get("metadata").get("sandbench.template").asText()).isEqualTo("python");
        String runtime = session.get("metadata").get("sandbench.runtime").asText();
        assertThat(runtime).matches("python 3\\.\\d+\\.\\d+");
        // 2 CPUs and 2048 MB by default, clamped to this host.
        assertThat(session.get("cpu_count").asInt()).isBetween(1, 2);
        assertThat(session.get("memory_mb").asInt()).isPositive().isLessThanOrEqualTo(2048);
        assertThat(session.get("expires_at").asText()).isNotBlank();

        JsonNode acquired = cs.post("/api/v1/sandbox/acquire").json();
        String sandbox = acquired.get("sandbox_id").asText();
        assertThat(sandbox).isEqualTo(session.get("sandbox_id").asText());
        assertThat(acquired.get("status").asText()).isEqualTo("active");

        JsonNode code = execute(cs, Map.of("sandbox_id", sandbox, "code", "import sys\nprint(f\"Python version: "
                + "{sys.version}\")\nprint(\"Hello from sandbox!\")\n", "language", "python", "timeout", 300));
        assertThat(code.get("exit_code").asInt()).isZero();
        assertThat(code.get("stdout").asText()).startsWith("Python version: " + runtime.substring(7))
                .endsWith("Hello from sandbox!\n");
        assertThat(code.get("timed_out").asBoolean()).isFalse();
        assertThat(code.get("duration_ms").isIntegralNumber()).isTrue();

        JsonNode ls = execute(cs, Map.of("sandbox_id", sandbox, "command", List.of("bash", "-c", "ls -la /workspace"),
                "timeout", 300));
        assertThat(ls.get("exit_code").asInt()).isZero();
        assertThat(ls.get("stdout").asText()).startsWith("total");

        TestEngine.Res put = cs.put("/api/v1/files", Map.of("sandbox_id", sandbox, "path", "/workspace/test.py",
                "content", "print('Hello!')"));
        assertThat(put.json().get("success").asBoolean()).as(put.toString()).isTrue();
        JsonNode files = cs.get("/api/v1/files?sandbox_id=" + sandbox + "&path=/workspace").json().get("files");
        assertThat(files).hasSize(1);
        assertThat(files.get(0).get("name").asText()).isEqualTo("test.py");
        assertThat(files.get(0).get("path").asText()).isEqualTo("/workspace/test.py");
        assertThat(files.get(0).get("size").asLong()).isEqualTo(15);
        assertThat(files.get(0).get("is_dir").asBoolean()).isFalse();
        assertThat(files.get(0).get("mod_time").asText()).isNotBlank();
        // The content is the file's text, not base64: it runs.
        assertThat(execute(cs, Map.of("sandbox_id", sandbox, "command", List.of("python3", "test.py"))).get("stdout")
                .asText()).isEqualTo("Hello!\n");

        // __exit__ releases; the session and its sandbox stay.
        assertThat(cs.post("/api/v1/sandbox/release", Map.of("sandbox_id", sandbox)).json().get("success").asBoolean()).isTrue();
        assertThat(cs.get("/api/v1/sessions/" + session.get("id").asText()).json().get("status").asText()).isEqualTo("active");
        JsonNode engineView = engine.client().get("/v1/sandboxes/" + sandbox).json();
        assertThat(engineView.get("status").asText()).isEqualTo("running");
        assertThat(engineView.get("labels").get("sandbench.api").asText()).isEqualTo("cloud-sandbox");
        assertThat(engineView.get("labels").get("sandbench.compat.user").asText()).isEqualTo("my-user-id");
    }

    @Test
    void pauseAndResumeKeepTheInterpretersStateAndAcquireBindsToTheResumedSession() {
        CompatHttp cs = user(engine, "user123");
        String id = cs.post("/api/v1/sessions", Map.of()).json().get("id").asText();
        String sandbox = cs.post("/api/v1/sandbox/acquire").json().get("sandbox_id").asText();
        assertThat(execute(cs, Map.of("sandbox_id", sandbox, "code", "x = 42", "language", "python", "timeout", 300))
                .get("exit_code").asInt()).isZero();

        JsonNode paused = cs.post("/api/v1/sessions/" + id + "/pause").json();
        assertThat(paused.get("id").asText()).isEqualTo(id);
        assertThat(paused.get("status").asText()).isEqualTo("paused");
        assertThat(paused.get("paused_at").asText()).isNotBlank();
        // Release must not destroy a paused session's sandbox: it stays frozen.
        assertThat(cs.post("/api/v1/sandbox/release", Map.of("sandbox_id", sandbox)).json().get("success").asBoolean()).isTrue();
        assertThat(engine.client().get("/v1/sandboxes/" + sandbox).json().get("status").asText()).isEqualTo("paused");
        assertCloudError(cs.post("/api/v1/execute", Map.of("sandbox_id", sandbox, "code", "print(x)", "language", "python")), 409);
        assertCloudError(cs.post("/api/v1/sessions/" + id + "/pause"), 400);

        // Sandbox.resume: a new token for the same user, resume, acquire.
        CompatHttp again = user(engine, "user123");
        JsonNode resumed = again.post("/api/v1/sessions/" + id + "/resume").json();
        assertThat(resumed.get("status").asText()).isEqualTo("active");
        assertThat(again.post("/api/v1/sandbox/acquire").json().get("sandbox_id").asText()).isEqualTo(sandbox);
        JsonNode x = execute(again, Map.of("sandbox_id", sandbox, "code", "print(x)", "language", "python", "timeout", 300));
        assertThat(x.get("stdout").asText()).isEqualTo("42\n");
        assertCloudError(again.post("/api/v1/sessions/" + id + "/resume"), 400);

        // destroy(): release, then delete the session with its sandbox.
        again.post("/api/v1/sandbox/release", Map.of("sandbox_id", sandbox));
        assertThat(again.delete("/api/v1/sessions/" + id).json().get("success").asBoolean()).isTrue();
        assertCloudError(again.get("/api/v1/sessions/" + id), 404);
        assertThat(engine.client().get("/v1/sandboxes/" + sandbox).status()).isEqualTo(404);
        assertCloudError(again.post("/api/v1/execute", Map.of("sandbox_id", sandbox, "code", "1")), 404);
    }

    @Test
    void theLowLevelBlockAndEveryOtherPublicMethod() {
        CompatHttp client = user(engine, "my-user");
        JsonNode session = client.post("/api/v1/sessions", Map.of("image", "python:3.11-slim", "cpu_count", 2,
                "memory_mb", 2048, "ttl", 24L * 3600 * 1_000_000_000L)).json();
        String sandbox = client.post("/api/v1/sandbox/acquire").json().get("sandbox_id").asText();
        JsonNode hello = execute(client, Map.of("sandbox_id", sandbox, "code", "print('Hello!')", "language", "python",
                "timeout", 30));
        assertThat(hello.get("exit_code").asInt()).isZero();
        assertThat(hello.get("stdout").asText()).isEqualTo("Hello!\n");

        // get_session, list_sessions (an object), get_sandbox_stats (both shapes).
        assertThat(client.get("/api/v1/sessions/" + session.get("id").asText()).json().get("image").asText())
                .isEqualTo("python:3.11-slim");
        JsonNode list = client.get("/api/v1/sessions").json();
        assertThat(list.get("sessions").findValuesAsText("id")).contains(session.get("id").asText());
        assertThat(list.get("sessions").findValuesAsText("user_id")).containsOnly("my-user");
        JsonNode stats = client.get("/api/v1/sandbox/stats").json();
        for (String k : List.of("idle", "active", "creating", "max", "total", "available", "in_use")) {
            assertThat(stats.get(k).isInt()).as(k).isTrue();
        }
        assertThat(stats.get("in_use").asInt()).isEqualTo(stats.get("active").asInt()).isPositive();

        // execute with work_dir, env and a non-zero exit; a timeout; code in another language.
        client.put("/api/v1/files", Map.of("sandbox_id", sandbox, "path", "sub/dir/a.txt", "content", "a"));
        JsonNode cmd = execute(client, Map.of("sandbox_id", sandbox, "command", List.of("sh", "-c", "pwd; echo $GREETING; exit 3"),
                "work_dir", "/workspace/sub", "env", Map.of("GREETING", "hi")));
        assertThat(cmd.get("stdout").asText()).isEqualTo("/workspace/sub\nhi\n");
        assertThat(cmd.get("exit_code").asInt()).isEqualTo(3);
        // An argv is not a shell line: no expansion.
        assertThat(execute(client, Map.of("sandbox_id", sandbox, "command", List.of("echo", "$HOME", "a b")))
                .get("stdout").asText()).isEqualTo("$HOME a b\n");
        JsonNode slow = execute(client, Map.of("sandbox_id", sandbox, "command", List.of("sleep", "5"), "timeout", 1));
        assertThat(slow.get("timed_out").asBoolean()).isTrue();
        assertThat(slow.get("error").asText()).contains("timeout");
        JsonNode bash = execute(client, Map.of("sandbox_id", sandbox, "code", "echo $((6*7))", "language", "bash"));
        assertThat(bash.get("stdout").asText()).isEqualTo("42\n");
        JsonNode failing = execute(client, Map.of("sandbox_id", sandbox, "code", "raise ValueError('no')", "language", "python"));
        assertThat(failing.get("exit_code").asInt()).isNotZero();
        assertThat(failing.get("stderr").asText()).contains("ValueError: no");

        // delete_file removes what the path names, directories with what they hold.
        assertThat(client.delete("/api/v1/files?sandbox_id=" + sandbox + "&path=/workspace/sub").json()
                .get("success").asBoolean()).isTrue();
        assertCloudError(client.get("/api/v1/files?sandbox_id=" + sandbox + "&path=/workspace/sub"), 404);
        assertCloudError(client.delete("/api/v1/files?sandbox_id=" + sandbox + "&path=/workspace/nothing"), 404);

        client.post("/api/v1/sandbox/release", Map.of("sandbox_id", sandbox));
        assertThat(client.delete("/api/v1/sessions/" + session.get("id").asText()).json().get("success").asBoolean()).isTrue();
    }

    @Test
    void imagesMapToTheNearestTemplateAndResourcesAreClampedNotRefused() {
        CompatHttp cs = user(engine, "images");
        JsonNode odd = cs.post("/api/v1/sessions", Map.of("image", "registry.example/team/agent-image:7", "cpu_count", 4096,
                "memory_mb", 1 << 30)).json();
        assertThat(odd.get("image").asText()).isEqualTo("registry.example/team/agent-image:7");
        assertThat(odd.get("metadata").get("sandbench.template").asText()).isEqualTo("python");
        assertThat(odd.get("metadata").get("sandbench.image_note").asText()).contains("agent-image");
        assertThat(odd.get("metadata").get("sandbench.clamped").asText()).contains("cpu_count 4096").contains("memory_mb");
        assertThat(odd.get("cpu_count").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        // A version the host cannot give (another Python major) is refused, not silently swapped.
        assertCloudError(cs.post("/api/v1/sessions", Map.of("image", "python:2.7")), 400);
        // ttl is a Go duration: nanoseconds. More than 7 days is 7 days.
        JsonNode week = cs.post("/api/v1/sessions", Map.of("ttl", 30L * 24 * 3600 * 1_000_000_000L)).json();
        Duration left = Duration.between(Instant.now(), Instant.parse(week.get("expires_at").asText()));
        assertThat(left.toHours()).isBetween(167L, 168L);
        assertCloudError(cs.post("/api/v1/sessions", Map.of("ttl", -1)), 400);
        assertCloudError(cs.post("/api/v1/sessions", Map.of("cpu_count", "2")), 400);
        cs.delete("/api/v1/sessions/" + odd.get("id").asText());
        cs.delete("/api/v1/sessions/" + week.get("id").asText());
    }

    @Test
    void acquireWithoutASessionLeasesASandboxThatReleaseDestroys() {
        CompatHttp cs = user(engine, "leaser");
        String sandbox = cs.post("/api/v1/sandbox/acquire").json().get("sandbox_id").asText();
        assertThat(execute(cs, Map.of("sandbox_id", sandbox, "code", "print(1)")).get("stdout").asText()).isEqualTo("1\n");
        assertThat(cs.get("/api/v1/sessions").json().get("sessions")).isEmpty();
        cs.post("/api/v1/sandbox/release", Map.of("sandbox_id", sandbox));
        assertThat(engine.client().get("/v1/sandboxes/" + sandbox).status()).isEqualTo(404);
        assertCloudError(cs.post("/api/v1/sandbox/release", Map.of("sandbox_id", sandbox)), 404);
    }

    @Test
    void failuresAnswerInCloudSandboxsShapeAndStatuses() {
        CompatHttp alice = user(engine, "alice");
        CompatHttp bob = user(engine, "bob");
        // No token, a malformed one, one signed elsewhere: 401 (AuthError).
        assertCloudError(CompatHttp.cloud(engine, null).post("/api/v1/sessions", Map.of()), 401);
        assertCloudError(CompatHttp.cloud(engine, "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoieCJ9.c2lnbmF0dXJl")
                .get("/api/v1/sessions"), 401);
        assertCloudError(CompatHttp.cloud(engine, "sk_not_a_key").get("/api/v1/sessions"), 401);
        // Unknown sessions and other users' are 404 (NotFoundError).
        assertCloudError(alice.get("/api/v1/sessions/00000000-0000-0000-0000-000000000000"), 404);
        String id = alice.post("/api/v1/sessions", Map.of()).json().get("id").asText();
        String sandbox = alice.post("/api/v1/sandbox/acquire").json().get("sandbox_id").asText();
        assertCloudError(bob.get("/api/v1/sessions/" + id), 404);
        assertCloudError(bob.post("/api/v1/sessions/" + id + "/pause"), 404);
        assertCloudError(bob.post("/api/v1/execute", Map.of("sandbox_id", sandbox, "code", "print(1)")), 404);
        assertCloudError(bob.get("/api/v1/files?sandbox_id=" + sandbox), 404);
        // Bad input is refused whole, before any sandbox is touched.
        assertCloudError(alice.post("/api/v1/execute", Map.of("code", "print(1)")), 400);
        assertCloudError(alice.post("/api/v1/execute", Map.of("sandbox_id", sandbox)), 400);
        assertCloudError(alice.post("/api/v1/execute", Map.of("sandbox_id", sandbox, "code", "1", "timeout", 1.5)), 400);
        assertCloudError(alice.post("/api/v1/execute", Map.of("sandbox_id", sandbox, "command", List.of())), 400);
        assertCloudError(alice.post("/api/v1/execute", Map.of("sandbox_id", sandbox, "code", "1", "env", Map.of("A", "b"))), 400);
        assertCloudError(alice.post("/api/v1/execute", Map.of("sandbox_id", sandbox, "code", "1", "work_dir", "/tmp")), 400);
        assertCloudError(alice.put("/api/v1/files", Map.of("sandbox_id", sandbox, "path", "../x", "content", "")), 400);
        assertCloudError(alice.post("/api/v1/sandbox/release", Map.of()), 400);
        // A path outside what the sandbox may write.
        assertCloudError(alice.put("/api/v1/files", Map.of("sandbox_id", sandbox, "path", "/etc/passwd", "content", "")), 403);
        // The shared path goes to CAGE for ApiKey, to Cloud Sandbox for Bearer and for a sandbox_id.
        assertThat(CompatHttp.none(engine).post("/api/v1/execute", Map.of("sandbox_id", sandbox, "code", "1"))
                .json().has("code")).isTrue();
        assertThat(CompatHttp.cage(engine, "dev_someone").get("/api/v1/files").json().has("files")).isTrue();
        assertCloudError(alice.get("/api/v1/no-such-route"), 404);
        alice.delete("/api/v1/sessions/" + id);
    }
}
