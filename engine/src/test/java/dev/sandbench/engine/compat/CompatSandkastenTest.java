package dev.sandbench.engine.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sandkasten's API as its Python SDK calls it, against a real engine in development mode. */
class CompatSandkastenTest {
    private static TestEngine engine;
    private static CompatHttp sk;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine(c -> c.withDev(true));
        sk = CompatHttp.sandkasten(engine, "sk-sandbox-quickstart");
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static void assertSandkastenError(TestEngine.Res r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().get("error_code").asText()).isEqualTo(code);
        assertThat(r.json().get("message").asText()).isNotBlank();
    }

    private static String create(Map<String, Object> body) {
        TestEngine.Res r = sk.post("/v1/sessions", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static JsonNode exec(String id, String cmd) {
        TestEngine.Res r = sk.post("/v1/sessions/" + id + "/exec", Map.of("cmd", cmd, "timeout_ms", 30000, "raw_output", false));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void theQuickStartWritesRunsAndReadsInAStatefulShell() {
        String id = create(Map.of("image", "python"));
        assertThat(id).startsWith("sbx_");
        JsonNode hello = exec(id, "echo 'Hello from sandbox'");
        assertThat(hello.get("output").asText()).isEqualTo("Hello from sandbox");
        assertThat(hello.get("exit_code").asInt()).isZero();
        assertThat(hello.get("cwd").asText()).isEqualTo("/workspace");
        assertThat(hello.has("duration_ms")).isTrue();
        assertThat(hello.get("truncated").asBoolean()).isFalse();

        String b64 = Base64.getEncoder().encodeToString("print('Hello, World!')".getBytes(StandardCharsets.UTF_8));
        assertThat(sk.post("/v1/sessions/" + id + "/fs/write", Map.of("path", "hello.py", "content_base64", b64))
                .json().get("ok").asBoolean()).isTrue();
        assertThat(exec(id, "python3 hello.py").get("output").asText()).isEqualTo("Hello, World!");
        JsonNode read = sk.get("/v1/sessions/" + id + "/fs/read?path=hello.py").json();
        assertThat(new String(Base64.getDecoder().decode(read.get("content_base64").asText()))).isEqualTo("print('Hello, World!')");
        assertThat(sk.post("/v1/sessions/" + id + "/fs/write", Map.of("path", "/workspace/t.txt", "text", "plain")).status())
                .isEqualTo(200);
        assertThat(sk.get("/v1/sessions/" + id + "/fs/read?path=%2Fworkspace%2Ft.txt&max_bytes=3").json()
                .get("truncated").asBoolean()).isTrue();

        // cd and exports persist; output is clean: no echo, prompt or colour codes, \n line ends.
        exec(id, "mkdir -p sub && cd sub && export GREETING=hi");
        JsonNode state = exec(id, "pwd; echo $GREETING; printf '\\033[31mred\\033[0m\\r\\n'");
        assertThat(state.get("output").asText()).isEqualTo("/workspace/sub\nhi\nred");
        assertThat(state.get("cwd").asText()).isEqualTo("/workspace/sub");
        JsonNode info = sk.get("/v1/sessions/" + id).json();
        assertThat(info.get("cwd").asText()).isEqualTo("/workspace/sub");
        assertThat(info.get("image").asText()).isEqualTo("python");
        assertThat(info.get("status").asText()).isEqualTo("running");
        assertThat(info.get("expires_at").asText()).endsWith("Z");
        assertThat(info.get("created_at").asText()).endsWith("Z");
        assertThat(sk.get("/v1/sessions").json().findValuesAsText("id")).contains(id);

        JsonNode stats = sk.get("/v1/sessions/" + id + "/stats").json();
        assertThat(stats.get("memory_bytes").asLong()).isPositive();
        assertThat(stats.get("cpu_usage_usec").asLong()).isPositive();

        assertThat(sk.delete("/v1/sessions/" + id).json().get("ok").asBoolean()).isTrue();
        assertSandkastenError(sk.get("/v1/sessions/" + id + "/stats"), 404, "SESSION_NOT_FOUND");
        assertThat(sk.get("/v1/sessions").json().findValuesAsText("id")).doesNotContain(id);
        // Once destroyed, the id is not a Sandkasten session: GET /v1/sessions/{id} is the agent sessions' 404.
        assertThat(sk.get("/v1/sessions/" + id).status()).isEqualTo(404);
    }

    @Test
    void aCommandPastItsTimeoutIs504AndTheSessionGoesOn() {
        String id = create(Map.of("image", "base"));
        TestEngine.Res slow = sk.post("/v1/sessions/" + id + "/exec", Map.of("cmd", "sleep 10", "timeout_ms", 300,
                "raw_output", false));
        assertSandkastenError(slow, 504, "COMMAND_TIMEOUT");
        assertThat(exec(id, "echo after").get("output").asText()).isEqualTo("after");
    }

    @Test
    void streamedExecSendsChunksThenDoneInTheFormTheSdkParses() throws Exception {
        String id = create(Map.of("image", "base"));
        exec(id, "cd /tmp");
        // Output that ends without a newline and looks like the start of the engine's marker. (Two pipes
        // arrive on two threads, so only output apart in time has an order to keep.)
        String cmd = "echo one; sleep 0.2; echo two >&2; sleep 0.2; printf '\\n__SANDBENCH_x'";
        HttpResponse<java.util.stream.Stream<String>> r = sk.lines("/v1/sessions/" + id + "/exec/stream",
                Map.of("cmd", cmd, "timeout_ms", 30000, "raw_output", false));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> lines = r.body().filter(l -> !l.isBlank()).toList();
        // Every data line follows its own event line, holds one JSON object, and the stream ends after done.
        StringBuilder out = new StringBuilder();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += 2) {
            assertThat(lines.get(i)).startsWith("event: ");
            assertThat(lines.get(i + 1)).startsWith("data: {");
            String event = lines.get(i).substring(7);
            JsonNode data = TestEngine.JSON.readTree(lines.get(i + 1).substring(6));
            events.add(event);
            if (event.equals("chunk")) {
                out.append(data.get("chunk").asText());
                assertThat(data.get("timestamp").isIntegralNumber()).isTrue();
            } else {
                assertThat(event).isEqualTo("done");
                assertThat(data.get("exit_code").asInt()).isZero();
                assertThat(data.get("cwd").asText()).isEqualTo("/tmp");
            }
        }
        assertThat(events.get(events.size() - 1)).isEqualTo("done");
        assertThat(out.toString()).isEqualTo("one\ntwo\n\n__SANDBENCH_x");

        List<String> timeout = sk.lines("/v1/sessions/" + id + "/exec/stream", Map.of("cmd", "sleep 10",
                "timeout_ms", 300, "raw_output", false)).body().filter(l -> !l.isBlank()).toList();
        assertThat(timeout).containsExactly("event: error", timeout.get(1));
        assertThat(TestEngine.JSON.readTree(timeout.get(1).substring(6)).get("error").asText()).contains("timed out");
        assertSandkastenError(sk.post("/v1/sessions/sbx_nope/exec/stream", Map.of("cmd", "true")), 404, "SESSION_NOT_FOUND");
    }

    @Test
    void uploadsAndWorkspacesAndBadInputAnswerAsSandkastenDoes() {
        String id = create(Map.of("image", "base", "ttl_seconds", 600, "workspace_id", "proj-1"));
        TestEngine.Res up = sk.multipart("/v1/sessions/" + id + "/fs/upload", List.of(Map.entry("path", "/workspace/in"),
                Map.entry("file", "data".getBytes(StandardCharsets.UTF_8))), Map.of("file", "d.txt"));
        assertThat(up.json().get("paths").findValuesAsText("paths")).isEmpty();
        assertThat(up.json().get("paths").get(0).asText()).isEqualTo("/workspace/in/d.txt");
        assertThat(exec(id, "cat in/d.txt").get("output").asText()).isEqualTo("data");
        JsonNode ws = sk.get("/v1/workspaces").json();
        assertThat(ws.isObject()).isTrue();
        assertThat(ws.get("workspaces").findValuesAsText("id")).contains("proj-1");
        // The engine's own key sees the same object.
        assertThat(engine.client().get("/v1/workspaces").json().get("workspaces").isArray()).isTrue();

        assertSandkastenError(sk.post("/v1/sessions", Map.of("image", "ubuntu:22.04")), 400, "INVALID_IMAGE");
        assertSandkastenError(sk.post("/v1/sessions", Map.of("image", "base", "ttl_seconds", -1)), 400, "INVALID_REQUEST");
        assertSandkastenError(sk.post("/v1/sessions", Map.of("image", "base", "workspace_id", "Bad_Name")), 400,
                "INVALID_WORKSPACE");
        assertSandkastenError(sk.post("/v1/sessions", Map.of("image", 5)), 400, "INVALID_REQUEST");
        assertSandkastenError(sk.post("/v1/sessions/" + id + "/exec", Map.of("cmd", "")), 400, "INVALID_REQUEST");
        assertSandkastenError(sk.post("/v1/sessions/" + id + "/exec", Map.of("cmd", "true", "timeout_ms", 999_999)), 400,
                "INVALID_REQUEST");
        assertSandkastenError(sk.post("/v1/sessions/" + id + "/fs/write", Map.of("path", "/etc/x", "text", "no")), 400,
                "INVALID_REQUEST");
        assertSandkastenError(sk.post("/v1/sessions/" + id + "/fs/write", Map.of("path", "x", "content_base64", "!!")),
                400, "INVALID_REQUEST");
        assertSandkastenError(sk.get("/v1/sessions/" + id + "/fs/read?path=missing.txt"), 404, "SESSION_NOT_FOUND");
        assertSandkastenError(sk.get("/v1/sessions/" + id + "/nothing"), 404, "SESSION_NOT_FOUND");
        assertSandkastenError(CompatHttp.sandkasten(engine, "sk-wrong").get("/v1/sessions"), 401, "UNAUTHORIZED");
        assertSandkastenError(CompatHttp.none(engine).post("/v1/sessions", Map.of("image", "base")), 401, "UNAUTHORIZED");

        assertThat(sk.delete("/v1/sessions/" + id).status()).isEqualTo(200);
        assertThat(sk.delete("/v1/workspaces/proj-1").status()).isEqualTo(200);
        assertThat(sk.get("/v1/workspaces").json().get("workspaces").findValuesAsText("id")).doesNotContain("proj-1");
        assertThat(CompatHttp.none(engine).get("/healthz").json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void aSessionPastItsTtlIsGoneWith410() throws Exception {
        String id = create(Map.of("image", "base", "ttl_seconds", 1));
        long deadline = System.currentTimeMillis() + 15_000;
        TestEngine.Res r;
        do {
            Thread.sleep(300);
            r = sk.post("/v1/sessions/" + id + "/exec", Map.of("cmd", "true", "timeout_ms", 30000, "raw_output", false));
        } while (r.status() == 200 && System.currentTimeMillis() < deadline);
        assertSandkastenError(r, 410, "SESSION_EXPIRED");
    }

    @Test
    void sessionsAreLabelledSandboxesOfTheAdminAccountAndTheirCommandsAreRecorded() {
        String id = create(Map.of("image", "base"));
        exec(id, "echo recorded-command");
        TestEngine.Client admin = engine.client();
        JsonNode sb = admin.get("/v1/sandboxes/" + id).json();
        assertThat(sb.get("labels").get("sandbench.api").asText()).isEqualTo("sandkasten");
        assertThat(sb.get("labels").get("sandbench.compat.user").asText()).isEqualTo("quickstart");
        assertThat(sb.get("name").asText()).isEqualTo("sandkasten:quickstart:base");
        assertThat(admin.get("/v1/sandboxes").json().findValuesAsText("id")).contains(id);
        String session = admin.get("/v1/sandboxes/" + id + "/sessions").json().get(0).get("id").asText();
        JsonNode replay = admin.get("/v1/sessions/" + session + "/replay").json();
        assertThat(replay.toString()).contains("echo recorded-command");
        // An engine key works as Sandkasten's Bearer key too, on the account's own sessions.
        assertThat(CompatHttp.sandkasten(engine, engine.adminKey()).get("/v1/sessions/" + id).json().get("id").asText())
                .isEqualTo(id);
        // An agent session id still reaches the agent sessions.
        assertThat(admin.get("/v1/sessions/" + session).json().get("sandbox_id").asText()).isEqualTo(id);
    }
}
