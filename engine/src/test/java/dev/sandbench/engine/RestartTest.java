package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RestartTest {
    @Test
    void theEngineRestartsWithStateIntactAndNoOrphans() throws Exception {
        // Without a warm pool: every sandbox here is started cold, which this exercises too.
        try (TestEngine engine = new TestEngine(c -> c.withWarmPool(0))) {
            TestEngine.Client api = engine.client();
            String id = api.createSandbox(Map.of("name", "keep me"));
            api.put("/v1/sandboxes/" + id + "/files/content", Map.of("path", "/workspace/kept.txt", "content", "still here"));
            api.exec(id, "nohup sleep 777 >/dev/null 2>&1 &");
            assertThat(processesMatching("sleep 777")).isPositive();

            engine.stop();
            assertThat(processesMatching("sleep 777")).isZero();
            engine.start();
            api = engine.client();

            JsonNode sb = api.get("/v1/sandboxes/" + id).json();
            assertThat(sb.get("status").asText()).isEqualTo("stopped");
            assertThat(sb.get("name").asText()).isEqualTo("keep me");
            assertThat(sb.get("status_reason").asText()).isNotBlank();
            assertThat(api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "true")).status()).isEqualTo(409);
            assertThat(api.post("/v1/sandboxes/" + id + "/start", Map.of()).json().get("status").asText()).isEqualTo("running");
            assertThat(api.output(id, "cat /workspace/kept.txt")).isEqualTo("still here");
            assertThat(api.output(id, "ps -eo args")).doesNotContain("sleep 777");
            api.delete("/v1/sandboxes/" + id);
            assertThat(CrashRecoveryTest.leftoverCgroups(engine.dataDir())).isEmpty();
        }
    }

    @Test
    void aKilledEngineLeavesNoOrphansAfterRestart() throws Exception {
        Path data = Files.createTempDirectory("sandbench-crash-");
        ChildEngine child = ChildEngine.fromClasspath(data);
        TestEngine.Client client = child.client();
        String id = client.createSandbox();
        client.exec(id, "nohup sleep 888 >/dev/null 2>&1 &");
        assertThat(processesMatching("sleep 888")).isPositive();

        child.crash();
        long deadline = System.currentTimeMillis() + 5000;
        while (processesMatching("sleep 888") > 0 && System.currentTimeMillis() < deadline) Thread.sleep(50);
        assertThat(processesMatching("sleep 888")).as("sandbox processes die with the engine").isZero();

        try (TestEngine restarted = new TestEngine(data, c -> c.withWarmPool(0))) {
            assertThat(CrashRecoveryTest.leftoverCgroups(data)).isEmpty();
            JsonNode sb = restarted.client().get("/v1/sandboxes/" + id).json();
            assertThat(sb.get("status").asText()).isEqualTo("stopped");
        }
    }

    @Test
    void aSnapshotInterruptedByACrashIsNeverCompleted() throws Exception {
        Path data = Files.createTempDirectory("sandbench-snapcrash-");
        ChildEngine child = ChildEngine.fromClasspath(data);
        TestEngine.Client api = child.client();
        String id = api.createSandbox();
        api.exec(id, "head -c 400000000 /dev/urandom > /workspace/big.bin");
        java.util.concurrent.CompletableFuture.runAsync(() -> api.post("/v1/sandboxes/" + id + "/snapshots", java.util.Map.of()));
        Path snapshots = data.resolve("snapshots");
        long deadline = System.currentTimeMillis() + 20_000;
        boolean writing = false;
        while (!writing && System.currentTimeMillis() < deadline) {
            try (Stream<Path> files = Files.list(snapshots)) {
                writing = files.anyMatch(f -> f.toString().endsWith(".partial"));
            } catch (java.io.IOException ignored) {
                // not there yet
            }
            Thread.sleep(5);
        }
        assertThat(writing).as("the snapshot started writing").isTrue();
        child.crash();

        try (TestEngine restarted = new TestEngine(data)) {
            JsonNode list = restarted.client().get("/v1/sandboxes/" + id + "/snapshots").json();
            assertThat(list.size()).isEqualTo(1);
            assertThat(list.get(0).get("status").asText()).isEqualTo("failed");
            assertThat(list.get(0).get("error").asText()).contains("stopped");
            try (Stream<Path> files = Files.list(snapshots)) {
                assertThat(files.toList()).isEmpty();
            }
        }
    }

    static long processesMatching(String text) throws Exception {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().commandLine().orElse("").contains(text)).count();
        }
    }
}
