package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class InteractiveExecTest {
    static TestEngine engine;
    static TestEngine.Client api;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine();
        api = engine.client();
        id = api.createSandbox(Map.of("template", "python"));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** Server-Sent Events as (event, data) pairs, read as they arrive. */
    record Event(String name, JsonNode data, String id, long atMs) {}

    static LinkedBlockingQueue<Event> sse(HttpRequest request) {
        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        long start = System.nanoTime();
        CompletableFuture.runAsync(() -> {
            try {
                HttpResponse<java.io.InputStream> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
                BufferedReader in = new BufferedReader(new InputStreamReader(r.body()));
                String name = null;
                String evId = null;
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("event: ")) name = line.substring(7);
                    else if (line.startsWith("id: ")) evId = line.substring(4);
                    else if (line.startsWith("data: ")) {
                        events.add(new Event(name, TestEngine.JSON.readTree(line.substring(6)), evId,
                                (System.nanoTime() - start) / 1_000_000));
                        name = null;
                        evId = null;
                    }
                }
            } catch (Exception e) {
                events.add(new Event("client-error", TestEngine.JSON.createObjectNode().put("message", e.toString()), null, 0));
            }
        });
        return events;
    }

    static Event await(LinkedBlockingQueue<Event> q, String name) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            Event e = q.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && name.equals(e.name())) return e;
        }
        throw new AssertionError("no " + name + " event");
    }

    @Test
    void streamedExecDeliversOutputAsItIsProduced() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(engine.url() + "/v1/sandboxes/" + id + "/exec/stream"))
                .header("Authorization", "Bearer " + engine.adminKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"command\":\"echo one; sleep 1.5; echo two >&2; exit 6\"}")).build();
        LinkedBlockingQueue<Event> q = sse(req);
        Event first = await(q, "chunk");
        assertThat(first.data().get("chunk").asText()).isEqualTo("one\n");
        assertThat(first.data().get("stream").asText()).isEqualTo("stdout");
        Event second = await(q, "chunk");
        assertThat(second.data().get("stream").asText()).isEqualTo("stderr");
        assertThat(second.atMs() - first.atMs()).as("the first chunk came before the command ended").isGreaterThan(1000);
        Event done = await(q, "done");
        assertThat(done.data().get("exit_code").asInt()).isEqualTo(6);
        assertThat(done.data().get("cwd").asText()).isEqualTo("/workspace");
    }

    @Test
    void aNamedSessionKeepsCdAndExport() {
        JsonNode a = api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "cd /tmp && export FOO=bar", "session_id", "s1")).json();
        assertThat(a.get("exit_code").asInt()).isZero();
        assertThat(a.get("cwd").asText()).isEqualTo("/tmp");
        JsonNode b = api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "pwd; echo $FOO; echo err >&2", "session_id", "s1")).json();
        assertThat(b.get("stdout").asText()).isEqualTo("/tmp\nbar\n");
        assertThat(b.get("stderr").asText()).isEqualTo("err\n");
        JsonNode other = api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "pwd; echo \"[$FOO]\"", "session_id", "s2")).json();
        assertThat(other.get("stdout").asText()).isEqualTo("/workspace\n[]\n");
        assertThat(api.output(id, "echo \"[$FOO]\"")).isEqualTo("[]\n");
        JsonNode syntax = api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "echo 'unclosed", "session_id", "s1")).json();
        assertThat(syntax.get("exit_code").asInt()).isNotZero();
        JsonNode still = api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "echo $FOO; printf no-newline", "session_id", "s1")).json();
        assertThat(still.get("stdout").asText()).isEqualTo("bar\nno-newline");
        JsonNode exit = api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "exit 3", "session_id", "s1")).json();
        assertThat(exit.get("exit_code").asInt()).isEqualTo(3);
        JsonNode fresh = api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "echo \"[$FOO]\"", "session_id", "s1")).json();
        assertThat(fresh.get("stdout").asText()).isEqualTo("[]\n");
        assertThat(fresh.get("error").asText()).contains("restarted");
    }

    @Test
    void everyAvailableLanguageSaysHelloAndAMissingOneIsA422() {
        JsonNode langs = api.get("/v1/info").json().get("languages");
        Map<String, String> hello = Map.of("python", "print('hello')", "javascript", "console.log('hello')",
                "typescript", "const s: string = 'hello'; console.log(s)", "bash", "echo hello", "ruby", "puts 'hello'",
                "go", "package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"hello\") }",
                "r", "cat('hello\\n')", "julia", "println(\"hello\")");
        int ran = 0;
        for (Iterator<String> it = langs.fieldNames(); it.hasNext(); ) {
            String lang = it.next();
            if (!hello.containsKey(lang)) continue;
            TestEngine.Res r = api.post("/v1/sandboxes/" + id + "/code", Map.of("language", lang, "code", hello.get(lang)));
            if (langs.get(lang).asBoolean()) {
                assertThat(r.status()).as(lang + ": " + r.body()).isEqualTo(200);
                assertThat(r.json().get("stdout").asText()).as(lang).isEqualTo("hello\n");
                ran++;
            } else {
                assertThat(r.status()).as(lang).isEqualTo(422);
                assertThat(r.json().get("detail").asText()).contains(lang).contains("needs");
            }
        }
        assertThat(ran).isGreaterThanOrEqualTo(3);
        assertThat(api.post("/v1/sandboxes/" + id + "/code", Map.of("language", "cobol", "code", "x")).status()).isEqualTo(400);
        JsonNode err = api.post("/v1/sandboxes/" + id + "/code", Map.of("language", "python", "code", "1/0")).json();
        assertThat(err.get("exit_code").asInt()).isEqualTo(1);
        assertThat(err.get("stderr").asText()).contains("ZeroDivisionError");
    }

    @Test
    void aPersistentPythonKeepsStateEvenWhatCannotBePickled() {
        assertThat(code("python", "x = 42\nimport json\nf = open('/tmp/kept.txt', 'w')").get("exit_code").asInt()).isZero();
        JsonNode r = code("python", "print(x)\nf.write('written later'); f.close()\njson.dumps({'a': 1})");
        assertThat(r.get("stdout").asText()).isEqualTo("42\n'{\"a\": 1}'\n");
        assertThat(r.get("restarted").asBoolean()).isFalse();
        assertThat(api.output(id, "cat /tmp/kept.txt")).isEqualTo("written later");
        JsonNode crash = code("python", "import os; os._exit(3)");
        assertThat(crash.get("error").asText()).contains("state is lost");
        JsonNode after = code("python", "print('x' in globals())");
        assertThat(after.get("stdout").asText()).isEqualTo("False\n");
        assertThat(after.get("restarted").asBoolean()).isTrue();
        JsonNode slow = api.post("/v1/sandboxes/" + id + "/code", Map.of("language", "python", "persistent", true,
                "code", "import time; time.sleep(10)", "timeout_ms", 300)).json();
        assertThat(slow.get("timed_out").asBoolean()).isTrue();
        assertThat(code("python", "print(1 + 1)").get("stdout").asText()).isEqualTo("2\n");
    }

    @Test
    void aPersistentJavascriptKeepsState() {
        assertThat(code("javascript", "var x = 40; let y = 2; const fs = require('fs');").get("exit_code").asInt()).isZero();
        JsonNode r = code("javascript", "console.log(x + y); fs.existsSync('/workspace')");
        assertThat(r.get("stdout").asText()).isEqualTo("42\ntrue\n");
        JsonNode promise = code("javascript", "new Promise(r => setTimeout(() => r('later'), 50))");
        assertThat(promise.get("stdout").asText()).isEqualTo("'later'\n");
        JsonNode thrown = code("javascript", "throw new Error('nope')");
        assertThat(thrown.get("exit_code").asInt()).isEqualTo(1);
        assertThat(thrown.get("stderr").asText()).contains("nope");
        assertThat(code("javascript", "x").get("stdout").asText()).isEqualTo("40\n");
    }

    private JsonNode code(String language, String code) {
        TestEngine.Res r = api.post("/v1/sandboxes/" + id + "/code", Map.of("language", language, "code", code, "persistent", true));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void jobsRunInTheBackgroundAndKeepTheirResult() throws Exception {
        JsonNode job = api.post("/v1/sandboxes/" + id + "/jobs", Map.of("type", "exec", "command", "sleep 0.5; echo done")).json();
        assertThat(job.get("status").asText()).isIn("queued", "running");
        String jobId = job.get("id").asText();
        JsonNode now = null;
        for (int i = 0; i < 100; i++) {
            now = api.get("/v1/jobs/" + jobId).json();
            if (now.get("status").asText().equals("completed")) break;
            Thread.sleep(50);
        }
        assertThat(now.get("status").asText()).isEqualTo("completed");
        assertThat(now.get("result").get("output").asText()).isEqualTo("done\n");
        JsonNode codeJob = api.post("/v1/sandboxes/" + id + "/jobs", Map.of("type", "code", "language", "python",
                "code", "import time; time.sleep(5)", "timeout_ms", 200)).json();
        for (int i = 0; i < 100 && !api.get("/v1/jobs/" + codeJob.get("id").asText()).json().get("status").asText().equals("timeout"); i++) {
            Thread.sleep(50);
        }
        assertThat(api.get("/v1/jobs/" + codeJob.get("id").asText()).json().get("status").asText()).isEqualTo("timeout");
        JsonNode other = api.post("/v1/admin/accounts", Map.of("name", "jobs-other")).json();
        assertThat(engine.client(other.get("key").get("key").asText()).get("/v1/jobs/" + jobId).status()).isEqualTo(404);
        assertThat(api.post("/v1/sandboxes/" + id + "/jobs", Map.of("type", "dance")).status()).isEqualTo(400);
    }

    @Test
    void theEventStreamDeliversSandboxAndFileChanges() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(engine.url() + "/v1/events/stream"))
                .header("Authorization", "Bearer " + engine.adminKey()).GET().build();
        LinkedBlockingQueue<Event> q = sse(req);
        await(q, "hello");
        String box = api.createSandbox();
        Event created = await(q, "sandbox.created");
        assertThat(created.data().get("sandbox_id").asText()).isEqualTo(box);
        api.put("/v1/sandboxes/" + box + "/files/content", Map.of("path", "/workspace/api.txt", "content", "x"));
        Event viaApi = await(q, "files.changed");
        assertThat(viaApi.data().get("data").get("paths").toString()).contains("/workspace/api.txt");
        api.exec(box, "mkdir -p /workspace/d && echo y > /workspace/d/by-process.txt");
        List<String> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && seen.stream().noneMatch(s -> s.contains("by-process.txt"))) {
            Event e = q.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && "files.changed".equals(e.name())) seen.add(e.data().toString());
        }
        assertThat(seen).anySatisfy(s -> assertThat(s).contains("/workspace/d/by-process.txt").contains("sandbox"));
        String lastId = created.id();
        api.delete("/v1/sandboxes/" + box);
        Event destroyed = await(q, "sandbox.destroyed");
        assertThat(destroyed.data().get("sandbox_id").asText()).isEqualTo(box);

        // Resuming after the created event replays what followed, the destroy included.
        LinkedBlockingQueue<Event> resumed = sse(HttpRequest.newBuilder(URI.create(engine.url() + "/v1/events/stream"))
                .header("Authorization", "Bearer " + engine.adminKey()).header("Last-Event-ID", lastId).GET().build());
        assertThat(await(resumed, "sandbox.destroyed").data().get("sandbox_id").asText()).isEqualTo(box);
        LinkedBlockingQueue<Event> stale = sse(HttpRequest.newBuilder(URI.create(engine.url() + "/v1/events/stream"))
                .header("Authorization", "Bearer " + engine.adminKey()).header("Last-Event-ID", "oldepoch-5").GET().build());
        await(stale, "reset");
    }
}
