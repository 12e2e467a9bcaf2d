package dev.sandbench.engine.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AgentCube's control and data planes as its Python SDK calls them (no credentials, as in its
 * quick start; the session id in {@code x-agentcube-session-id}), against a real engine in
 * development mode: the README's blocks in order, then every other public method and its failures.
 */
class CompatAgentCubeTest {
    static final String CI = "/v1/namespaces/default/code-interpreters/my-interpreter/invocations/";
    private static TestEngine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine(c -> c.withDev(true));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** The control plane's session: a JSON content type on every call. */
    static CompatHttp control(TestEngine engine) {
        return CompatHttp.none(engine).with("Content-Type", "application/json");
    }

    static String create(CompatHttp cp, long ttl) {
        TestEngine.Res r = cp.post("/v1/code-interpreter", Map.of("name", "my-interpreter", "namespace", "default",
                "ttl", ttl, "metadata", Map.of()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("sessionId").asText();
    }

    static CompatHttp data(TestEngine engine, String session) {
        return CompatHttp.none(engine).with("x-agentcube-session-id", session);
    }

    /** write_file: JSON with base64 content and mode 0644. */
    static TestEngine.Res write(CompatHttp dp, String path, String content) {
        return dp.post(CI + "api/files", Map.of("path", path, "content",
                Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)), "mode", "0644"));
    }

    static JsonNode execute(CompatHttp dp, List<String> argv, String timeout) {
        TestEngine.Res r = dp.post(CI + "api/execute", Map.of("command", argv, "timeout", timeout));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static List<String> sessionHeader(TestEngine.Res r) {
        return r.raw().headers().allValues("x-agentcube-session-id");
    }

    static void assertDataError(TestEngine.Res r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).isNotBlank();
        assertThat(r.json().get("code").asInt()).isEqualTo(status);
    }

    static void assertControlError(TestEngine.Res r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("message").asText()).isNotBlank();
    }

    @Test
    void theQuickStartCreatesRunsCodeFromAScriptFileAndDeletes() {
        CompatHttp cp = control(engine);
        TestEngine.Res created = cp.post("/v1/code-interpreter", Map.of("name", "my-interpreter", "namespace", "default",
                "ttl", 3600, "metadata", Map.of()));
        JsonNode c = created.json();
        assertThat(c.get("kind").asText()).isEqualTo("CodeInterpreter");
        String session = c.get("sessionId").asText();
        assertThat(session).matches("[0-9a-f-]{36}");
        assertThat(c.get("sandboxId").asText()).startsWith("sbx_");
        assertThat(c.get("entryPoints").get(0).get("endpoint").asText()).endsWith(CI);

        // run_code("python", ...): a relative script file, then ["python3", file] in the workspace.
        CompatHttp dp = data(engine, session);
        TestEngine.Res w = write(dp, "script_1.py", "print('Hello, AgentCube!')");
        assertThat(w.status()).as(w.toString()).isEqualTo(200);
        assertThat(w.json().get("path").asText()).isEqualTo("script_1.py");
        assertThat(w.json().get("mode").asText()).isEqualTo("-rw-r--r--");
        assertThat(w.json().get("size").asLong()).isEqualTo(26);
        TestEngine.Res run = dp.post(CI + "api/execute", Map.of("command", List.of("python3", "script_1.py"), "timeout", "120s"));
        assertThat(sessionHeader(run)).containsExactly(session);
        JsonNode out = run.json();
        assertThat(out.get("stdout").asText()).isEqualTo("Hello, AgentCube!\n");
        assertThat(out.get("exit_code").asInt()).isZero();
        assertThat(out.get("duration").isFloatingPointNumber()).isTrue();
        assertThat(out.get("start_time").asText()).isNotBlank();

        JsonNode sandbox = engine.client().get("/v1/sandboxes/" + c.get("sandboxId").asText()).json();
        assertThat(sandbox.get("labels").get("sandbench.api").asText()).isEqualTo("agentcube");
        assertThat(sandbox.get("expires_at").asText()).isNotBlank();

        TestEngine.Res deleted = cp.delete("/v1/code-interpreter/sessions/" + session);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("message").asText()).isEqualTo("Sandbox deleted successfully");
        // The SDK's delete takes 404 as already gone; the data plane no longer finds it.
        assertControlError(cp.delete("/v1/code-interpreter/sessions/" + session), 404);
        assertDataError(dp.post(CI + "api/execute", Map.of("command", List.of("true"))), 404);
    }

    @Test
    void filesLineUpForUploadsCodeAndDownloadsAndStatePersistsAcrossClients() {
        CompatHttp cp = control(engine);
        String session = create(cp, 3600);
        CompatHttp dp = data(engine, session);
        // upload_file("./data.csv", "/workspace/data.csv"): multipart with path and mode fields.
        TestEngine.Res up = dp.multipart(CI + "api/files", List.of(Map.entry("path", "/workspace/data.csv"),
                Map.entry("mode", "0644"), Map.entry("file", "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8))),
                Map.of("file", "data.csv"));
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        assertThat(up.json().get("path").asText()).isEqualTo("data.csv");
        write(dp, "script_2.py", "import csv\nrows = list(csv.reader(open('/workspace/data.csv')))\n"
                + "open('/workspace/summary.csv', 'w').write(str(len(rows)))\n");
        assertThat(execute(dp, List.of("python3", "script_2.py"), "120s").get("exit_code").asInt()).isZero();
        // download_file("/workspace/summary.csv"): the SDK strips the leading slash.
        HttpResponse<byte[]> down = dp.bytes(CI + "api/files/workspace/summary.csv");
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(new String(down.body(), StandardCharsets.UTF_8)).isEqualTo("3");
        assertThat(down.headers().firstValue("Content-Disposition").orElse("")).contains("summary.csv");
        assertThat(dp.bytes(CI + "api/files/data.csv").statusCode()).isEqualTo(200);
        assertDataError(dp.get(CI + "api/files/workspace/missing.csv"), 404);

        // write_file("42", "/tmp/value.txt") is the sandbox's /tmp, where Python code finds it too,
        // from a second client that reuses the session by id alone.
        write(dp, "/tmp/value.txt", "42");
        CompatHttp second = data(engine, session);
        write(second, "script_3.py", "print(open('/tmp/value.txt').read())");
        assertThat(execute(second, List.of("python3", "script_3.py"), "120s").get("stdout").asText()).isEqualTo("42\n");
        // Other absolute paths are taken inside the workspace, as PicoD does.
        write(dp, "/data/in.txt", "x");
        assertThat(execute(dp, List.of("cat", "/workspace/data/in.txt"), "10s").get("stdout").asText()).isEqualTo("x");

        // list_files(".")
        JsonNode files = dp.get(CI + "api/files?path=.").json().get("files");
        assertThat(files.findValuesAsText("name")).contains("data.csv", "summary.csv", "data", "script_2.py");
        JsonNode dir = null;
        for (JsonNode f : files) if (f.get("name").asText().equals("data")) dir = f;
        assertThat(dir.get("is_dir").asBoolean()).isTrue();
        assertThat(dir.get("mode").asText()).startsWith("d");
        assertThat(files.get(0).get("modified").asText()).isNotBlank();
        assertThat(dp.get(CI + "api/files?path=/tmp").json().get("files").findValuesAsText("name")).contains("value.txt");
        assertDataError(dp.get(CI + "api/files?path=nowhere"), 404);
        assertDataError(dp.get(CI + "api/files?path="), 400);
        cp.delete("/v1/code-interpreter/sessions/" + session);
    }

    @Test
    void commandsAreArgvWithExactExitCodesAndGoDurationTimeouts() {
        CompatHttp cp = control(engine);
        String session = create(cp, 3600);
        CompatHttp dp = data(engine, session);
        // No shell: $HOME stays literal, a quoted argument stays one.
        assertThat(execute(dp, List.of("echo", "$HOME", "a b"), "120s").get("stdout").asText()).isEqualTo("$HOME a b\n");
        // exit_code != 0 makes the SDK raise CommandExecutionError: it must be exact.
        JsonNode three = execute(dp, List.of("sh", "-c", "echo oops >&2; exit 3"), "120s");
        assertThat(three.get("exit_code").asInt()).isEqualTo(3);
        assertThat(three.get("stderr").asText()).isEqualTo("oops\n");
        assertThat(execute(dp, List.of("no-such-program"), "10s").get("exit_code").asInt()).isEqualTo(127);
        JsonNode slow = execute(dp, List.of("sleep", "5"), "1.5s");
        assertThat(slow.get("exit_code").asInt()).isEqualTo(124);
        assertThat(slow.get("stderr").asText()).endsWith("Command timed out after 2 seconds"); // Go's %.0f
        assertThat(slow.get("duration").asDouble()).isBetween(1.4, 4.0);
        // A bash script, as run_code("bash", ...) sends it; working_dir and env as PicoD takes them.
        write(dp, "script_4.sh", "echo $((6*7)) in $(pwd)");
        assertThat(execute(dp, List.of("bash", "script_4.sh"), "120s").get("stdout").asText()).isEqualTo("42 in /workspace\n");
        JsonNode wd = dp.post(CI + "api/execute", Map.of("command", List.of("sh", "-c", "pwd; echo $V"), "working_dir",
                "made/here", "env", Map.of("V", "v"))).json();
        assertThat(wd.get("stdout").asText()).isEqualTo("/workspace/made/here\nv\n");
        // Bad input is refused whole.
        assertDataError(dp.post(CI + "api/execute", Map.of("command", List.of("true"), "timeout", "soon")), 400);
        assertDataError(dp.post(CI + "api/execute", Map.of("command", List.of(), "timeout", "1s")), 400);
        assertDataError(dp.post(CI + "api/execute", Map.of("command", List.of("true"), "timeout", "-1s")), 400);
        assertDataError(dp.post(CI + "api/files", Map.of("path", "x", "content", "%%%")), 400);
        assertDataError(dp.post(CI + "api/files", Map.of("path", "../x", "content", "")), 400);
        assertDataError(dp.multipart(CI + "api/files", List.of(Map.entry("mode", "0644")), Map.of()), 400);
        cp.delete("/v1/code-interpreter/sessions/" + session);
    }

    @Test
    void unknownSessionsAre404AndBadControlRequests400() {
        CompatHttp cp = control(engine);
        assertDataError(data(engine, "00000000-0000-0000-0000-000000000000").post(CI + "api/execute",
                Map.of("command", List.of("true"))), 404);
        assertControlError(cp.post("/v1/code-interpreter", Map.of("name", "my-interpreter")), 400);
        assertControlError(cp.post("/v1/code-interpreter", Map.of("name", "Bad Name", "namespace", "default")), 400);
        assertControlError(cp.post("/v1/code-interpreter", Map.of("name", "x", "namespace", "default", "ttl", -5)), 400);
        assertControlError(cp.post("/v1/code-interpreter", "{"), 400);
        assertControlError(cp.get("/v1/code-interpreter/nothing-here"), 404);
        // The Router makes a session for a request without one, and says which in the header.
        TestEngine.Res fresh = CompatHttp.none(engine).post(CI + "api/execute", Map.of("command", List.of("true")));
        assertThat(fresh.status()).isEqualTo(200);
        String made = sessionHeader(fresh).get(0);
        assertThat(cp.delete("/v1/code-interpreter/sessions/" + made).status()).isEqualTo(200);
    }

    @Test
    void aSessionEndsWhenItsTtlRunsOut() throws Exception {
        CompatHttp cp = control(engine);
        String session = create(cp, 2);
        CompatHttp dp = data(engine, session);
        assertThat(execute(dp, List.of("true"), "5s").get("exit_code").asInt()).isZero();
        int status = 200;
        for (int i = 0; i < 150 && status == 200; i++) {
            Thread.sleep(100);
            status = dp.post(CI + "api/execute", Map.of("command", List.of("true"))).status();
        }
        assertThat(status).isEqualTo(404);
    }

    @Test
    void anAgentRuntimeIsTheOperatorsCommandInASandboxItsInvocationsRelayed() throws IOException {
        Path def = engine.dataDir().resolve("agent-runtimes/default/echo.json");
        Files.createDirectories(def.getParent());
        Files.writeString(def, TestEngine.JSON.writeValueAsString(Map.of("template", "python", "port", 9000,
                "command", List.of("python3", "-c", ECHO_AGENT))));
        String base = "/v1/namespaces/default/agent-runtimes/echo/invocations/";
        // AgentRuntimeClient(auth_token=<engine key>): Bearer on every call.
        CompatHttp keyed = CompatHttp.none(engine).with("Authorization", "Bearer " + engine.adminKey());
        // Bootstrap: a GET without a session; the answer carries the new session's id.
        TestEngine.Res boot = keyed.get(base);
        assertThat(boot.status()).as(boot.toString()).isEqualTo(200);
        String session = sessionHeader(boot).get(0);
        assertThat(boot.json().get("path").asText()).isEqualTo("/");
        CompatHttp client = keyed.with("x-agentcube-session-id", session);
        TestEngine.Res invoked = client.post(base + "run?x=1", Map.of("q", "hi"));
        assertThat(invoked.status()).isEqualTo(200);
        assertThat(invoked.contentType()).isEqualTo("application/json");
        assertThat(invoked.json().get("echo").get("q").asText()).isEqualTo("hi");
        assertThat(invoked.json().get("path").asText()).isEqualTo("/run?x=1");
        assertThat(invoked.json().get("session").asText()).isEqualTo(session);
        // The engine key is the engine's, never the agent's.
        assertThat(invoked.json().get("authorization").isNull()).isTrue();
        assertThat(sessionHeader(invoked)).containsExactly(session);
        // The agent's own statuses pass through.
        assertThat(client.post(base + "missing", Map.of()).status()).isEqualTo(404);
        // An agent runtime nobody defined is a clear 404; its session is gone with DELETE.
        TestEngine.Res undefined = CompatHttp.none(engine).get("/v1/namespaces/default/agent-runtimes/nope/invocations/");
        assertDataError(undefined, 404);
        assertThat(undefined.json().get("error").asText()).contains("not defined").contains("agent-runtimes");
        // Another caller (here the anonymous development user) does not find the session.
        assertDataError(data(engine, session).post(base, Map.of()), 404);
        assertThat(keyed.delete("/v1/agent-runtime/sessions/" + session).status()).isEqualTo(200);
        assertDataError(client.post(base, Map.of()), 404);
    }

    static final String ECHO_AGENT = """
            import http.server, json
            class H(http.server.BaseHTTPRequestHandler):
                def answer(self, body):
                    code = 404 if self.path.startswith('/missing') else 200
                    self.send_response(code)
                    self.send_header('Content-Type', 'application/json')
                    self.end_headers()
                    self.wfile.write(json.dumps(dict(body, path=self.path,
                        session=self.headers.get('x-agentcube-session-id'),
                        authorization=self.headers.get('Authorization'))).encode())
                def do_GET(self):
                    self.answer({})
                def do_POST(self):
                    n = int(self.headers.get('Content-Length', 0))
                    self.answer({'echo': json.loads(self.rfile.read(n) or b'{}')})
            http.server.HTTPServer(('127.0.0.1', 9000), H).serve_forever()
            """;
}
