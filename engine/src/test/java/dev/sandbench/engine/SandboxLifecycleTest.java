package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxLifecycleTest {
    static TestEngine engine;
    static TestEngine.Client api;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine();
        api = engine.client();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void healthIsOkOnceSandboxesCanBeCreated() {
        TestEngine.Res r = engine.client(null).get("/v1/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void createExecReadWriteAndDestroy() {
        TestEngine.Res created = api.post("/v1/sandboxes", Map.of("name", "first", "labels", Map.of("team", "a")));
        assertThat(created.status()).isEqualTo(201);
        JsonNode sb = created.json();
        String id = sb.get("id").asText();
        assertThat(sb.get("status").asText()).isEqualTo("running");
        assertThat(sb.get("template").asText()).isEqualTo("minimal");
        assertThat(sb.get("network_mode").asText()).isEqualTo("none");
        assertThat(sb.get("memory_mb").asInt()).isEqualTo(512);

        JsonNode ex = api.exec(id, "echo hello; echo oops >&2; exit 3");
        assertThat(ex.get("output").asText()).contains("hello").contains("oops");
        assertThat(ex.get("stdout").asText()).isEqualTo("hello\n");
        assertThat(ex.get("stderr").asText()).isEqualTo("oops\n");
        assertThat(ex.get("exit_code").asInt()).isEqualTo(3);
        assertThat(ex.get("error").isNull()).isTrue();

        assertThat(api.put("/v1/sandboxes/" + id + "/files/content",
                Map.of("path", "/workspace/notes/a.txt", "content", "héllo\n")).status()).isEqualTo(204);
        assertThat(api.get("/v1/sandboxes/" + id + "/files/content?path=/workspace/notes/a.txt").json().asText())
                .isEqualTo("héllo\n");
        assertThat(api.output(id, "cat notes/a.txt")).isEqualTo("héllo\n");
        JsonNode listing = api.get("/v1/sandboxes/" + id + "/files?path=/workspace").json();
        assertThat(listing.get(0).get("name").asText()).isEqualTo("notes");
        assertThat(listing.get(0).get("type").asText()).isEqualTo("dir");
        assertThat(listing.get(0).get("path").asText()).isEqualTo("/workspace/notes");

        assertThat(api.get("/v1/sandboxes").json().findValuesAsText("id")).contains(id);
        java.nio.file.Path dir = engine.sandboxDir(id);
        assertThat(api.delete("/v1/sandboxes/" + id).status()).isEqualTo(204);
        assertThat(api.get("/v1/sandboxes/" + id).status()).isEqualTo(404);
        assertThat(api.get("/v1/sandboxes").json().findValuesAsText("id")).doesNotContain(id);
        assertThat(dir).doesNotExist();
    }

    @Test
    void warmSandboxesTakeOnTheRequestedLimits() {
        awaitWarmPool();
        String id = api.createSandbox(Map.of("memory_mb", 96, "pids_limit", 77, "cpus", 1));
        JsonNode stats = api.get("/v1/sandboxes/" + id + "/stats").json();
        assertThat(stats.get("memory_limit").asLong()).isEqualTo(96L << 20);
        assertThat(stats.get("pids_limit").asLong()).isEqualTo(77);
        assertThat(api.output(id, "echo $SANDBOX_ID")).isEqualTo(id + "\n");
        api.delete("/v1/sandboxes/" + id);
    }

    private static void awaitWarmPool() {
        for (int i = 0; i < 100 && api.get("/v1/info").json().get("warm_sandboxes").asInt() == 0; i++) {
            sleepMs(50);
        }
        assertThat(api.get("/v1/info").json().get("warm_sandboxes").asInt()).isPositive();
    }

    @Test
    void aBackgroundProcessOutlivesTheExecThatStartedIt() {
        String id = api.createSandbox();
        api.exec(id, "nohup sleep 300 >/dev/null 2>&1 & echo started");
        assertThat(api.output(id, "ps -eo args")).contains("sleep 300");
        api.exec(id, "echo state > /tmp/marker");
        assertThat(api.output(id, "cat /tmp/marker")).isEqualTo("state\n");
        api.delete("/v1/sandboxes/" + id);
    }

    @Test
    void execHonoursCwdEnvAndStdin() {
        String id = api.createSandbox(Map.of("env", Map.of("GREETING", "hi")));
        api.exec(id, "mkdir -p sub");
        JsonNode r = api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "pwd; echo $GREETING $EXTRA; cat",
                "cwd", "/workspace/sub", "env", Map.of("EXTRA", "there"), "stdin", "from stdin")).json();
        assertThat(r.get("output").asText()).isEqualTo("/workspace/sub\nhi there\nfrom stdin");
        JsonNode missing = api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "pwd", "cwd", "/nope")).json();
        assertThat(missing.get("exit_code").asInt()).isNotZero();
        assertThat(missing.get("error").asText()).contains("/nope");
        api.delete("/v1/sandboxes/" + id);
    }

    @Test
    void aTimeoutKillsTheWholeCommandTree() {
        String id = api.createSandbox();
        JsonNode r = api.post("/v1/sandboxes/" + id + "/exec",
                Map.of("command", "sleep 100 & sleep 100; echo never", "timeout_ms", 500)).json();
        assertThat(r.get("timed_out").asBoolean()).isTrue();
        assertThat(r.get("exit_code").asInt()).isEqualTo(124);
        assertThat(r.get("error").asText()).contains("timeout");
        assertThat(r.get("duration_ms").asLong()).isLessThan(5000);
        assertThat(api.output(id, "ps -eo args")).doesNotContain("sleep 100");
        api.delete("/v1/sandboxes/" + id);
    }

    @Test
    void hugeOutputIsCappedAndMarkedTruncated() {
        String id = api.createSandbox();
        JsonNode r = api.exec(id, "head -c 5000000 /dev/zero | tr '\\0' x; echo; echo done >&2");
        assertThat(r.get("truncated").asBoolean()).isTrue();
        assertThat(r.get("stdout").asText().length()).isEqualTo(1 << 20);
        assertThat(r.get("stderr").asText()).isEqualTo("done\n");
        assertThat(r.get("exit_code").asInt()).isZero();
        api.delete("/v1/sandboxes/" + id);
    }

    @Test
    void manyExecsRunAtOnceInOneSandbox() {
        String id = api.createSandbox();
        long start = System.nanoTime();
        List<CompletableFuture<JsonNode>> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            runs.add(CompletableFuture.supplyAsync(() -> api.exec(id, "sleep 1; echo " + n)));
        }
        for (int i = 0; i < runs.size(); i++) {
            assertThat(runs.get(i).join().get("output").asText()).isEqualTo(i + "\n");
        }
        // Eight one-second sleeps in parallel, not in series.
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(6000);
        api.delete("/v1/sandboxes/" + id);
    }

    @Test
    void pauseFreezesAndResumeContinues() {
        String id = api.createSandbox();
        countFile = engine.sandboxDir(id).resolve("tmp/count");
        api.exec(id, "nohup sh -c 'i=0; while :; do i=$((i+1)); echo $i > /tmp/count; sleep 0.05; done' >/dev/null 2>&1 &");
        sleepMs(300);
        assertThat(api.post("/v1/sandboxes/" + id + "/pause", Map.of()).json().get("status").asText()).isEqualTo("paused");
        String frozen = readCount(id);
        sleepMs(500);
        assertThat(readCount(id)).isEqualTo(frozen);
        assertThat(api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "true")).status()).isEqualTo(409);
        assertThat(api.post("/v1/sandboxes/" + id + "/resume", Map.of()).json().get("status").asText()).isEqualTo("running");
        sleepMs(400);
        assertThat(Integer.parseInt(api.output(id, "cat /tmp/count").trim())).isGreaterThan(Integer.parseInt(frozen));
        api.delete("/v1/sandboxes/" + id);
    }

    private java.nio.file.Path countFile;

    private String readCount(String id) {
        // Read the file from the host side: exec is refused while paused.
        try {
            return java.nio.file.Files.readString(countFile).trim();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSandboxExpiresAfterItsTimeout() {
        String id = api.createSandbox(Map.of("timeout", 1));
        assertThat(api.get("/v1/sandboxes/" + id).json().get("expires_at").isNull()).isFalse();
        long deadline = System.currentTimeMillis() + 10_000;
        while (api.get("/v1/sandboxes/" + id).status() == 200 && System.currentTimeMillis() < deadline) {
            sleepMs(200);
        }
        assertThat(api.get("/v1/sandboxes/" + id).status()).isEqualTo(404);
    }

    @Test
    void initScriptRunsOnceAtCreation() {
        String id = api.createSandbox(Map.of("init_script", "echo ready > /workspace/init-ran"));
        assertThat(api.output(id, "cat /workspace/init-ran")).isEqualTo("ready\n");
        assertThat(api.get("/v1/sandboxes/" + id + "/logs?tail=10").json().toString()).contains("init script exited 0");
        api.delete("/v1/sandboxes/" + id);
    }

    @Test
    void statsLogsPortsAndTemplatesAnswer() {
        String id = api.createSandbox(Map.of("template", "python"));
        api.exec(id, "nohup python3 -m http.server 8000 >/dev/null 2>&1 &");
        JsonNode ports = null;
        for (int i = 0; i < 50; i++) {
            ports = api.get("/v1/sandboxes/" + id + "/ports").json();
            if (ports.size() > 0) break;
            sleepMs(100);
        }
        assertThat(ports.get(0).get("port").asInt()).isEqualTo(8000);
        assertThat(ports.get(0).get("state").asText()).isEqualTo("listening");
        JsonNode stats = api.get("/v1/sandboxes/" + id + "/stats").json();
        assertThat(stats.get("memory_limit").asLong()).isEqualTo(512L << 20);
        assertThat(stats.get("pids").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode logs = api.get("/v1/sandboxes/" + id + "/logs?tail=5").json();
        assertThat(logs.get(0).has("timestamp")).isTrue();
        assertThat(logs.toString()).contains("python3 -m http.server");
        JsonNode templates = api.get("/v1/templates").json();
        assertThat(templates.findValuesAsText("name")).contains("minimal", "python", "node");
        JsonNode info = api.get("/v1/info").json();
        assertThat(info.get("limits").get("memory").get("enforced").isBoolean()).isTrue();
        api.delete("/v1/sandboxes/" + id);
    }

    static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
