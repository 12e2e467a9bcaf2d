package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the engine in the middle of an exec, an upload, a restore and an ingest, then a restart on the
 * same data: no process or cgroup of the old run is left, nothing half-written is reported as
 * written, and every ingested event the engine acknowledged is there.
 */
class CrashRecoveryTest {

    /** Sandbox cgroups left under this engine's parent cgroups (all controllers). */
    static List<Path> leftoverCgroups(Path dataDir) throws IOException {
        String parent = "sandbench-" + Engine.shortHash(dataDir.toAbsolutePath().normalize().toString());
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Path.of("/sys/fs/cgroup"), 4)) {
            for (Path p : s.filter(p -> p.getFileName() != null && p.getFileName().toString().equals(parent)).toList()) {
                try (Stream<Path> children = Files.list(p)) {
                    children.filter(Files::isDirectory).forEach(out::add);
                }
            }
        }
        return out;
    }

    static boolean anyCgroupNamed(String parentName) throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("/sys/fs/cgroup"), 4)) {
            return s.anyMatch(p -> p.getFileName() != null && p.getFileName().toString().equals(parentName));
        }
    }

    static long processesMatching(String text) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().commandLine().orElse("").contains(text)).count();
        }
    }

    static void awaitNoProcess(String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (processesMatching(text) > 0 && System.currentTimeMillis() < deadline) Thread.sleep(50);
        assertThat(processesMatching(text)).as("processes running '%s'", text).isZero();
    }

    /** Starts {@code call} on its own thread; the engine is killed under it, so its failure is expected. */
    static Thread whileTheEngineLives(Runnable call) {
        Thread t = new Thread(() -> {
            try {
                call.run();
            } catch (AssertionError expected) {
                // the engine died under it
            }
        });
        t.start();
        return t;
    }

    @Test
    void killedDuringAnExecLeavesNoProcessOrCgroupAndACleanShutdownRemovesItsParentCgroup() throws Exception {
        Path data = Files.createTempDirectory("sandbench-crash-exec-");
        ChildEngine child = ChildEngine.fromClasspath(data, "--warm-pool", "0");
        TestEngine.Client api = child.client();
        String id = api.createSandbox();
        Thread exec = whileTheEngineLives(() -> api.post("/v1/sandboxes/" + id + "/exec",
                Map.of("command", "sleep 4711 & sleep 4712; wait")));
        long deadline = System.currentTimeMillis() + 10_000;
        while (processesMatching("sleep 4712") == 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertThat(processesMatching("sleep 4711")).isPositive();
        boolean cgroups = !api.get("/v1/info").json().get("cgroups").asText().equals("none");
        if (cgroups) assertThat(leftoverCgroups(data)).as("the sandbox has cgroups while it runs").isNotEmpty();
        child.crash();
        exec.join(10_000);
        awaitNoProcess("sleep 4711");
        awaitNoProcess("sleep 4712");

        String parent = "sandbench-" + Engine.shortHash(data.toAbsolutePath().normalize().toString());
        try (TestEngine restarted = new TestEngine(data, c -> c.withWarmPool(0))) {
            assertThat(leftoverCgroups(data)).as("the restart removed the crashed run's cgroups").isEmpty();
            JsonNode sb = restarted.client().get("/v1/sandboxes/" + id).json();
            assertThat(sb.get("status").asText()).isEqualTo("stopped");
            assertThat(restarted.client().post("/v1/sandboxes/" + id + "/start", Map.of()).status()).isEqualTo(200);
            assertThat(restarted.client().output(id, "ps -eo args")).doesNotContain("sleep 471");
            restarted.stop();
            assertThat(anyCgroupNamed(parent)).as("a clean shutdown leaves no cgroup behind").isFalse();
            restarted.start();
        }
    }

    @Test
    void killedDuringAnUploadNeverShowsTheFileAsWritten() throws Exception {
        Path data = Files.createTempDirectory("sandbench-crash-upload-");
        ChildEngine child = ChildEngine.fromClasspath(data, "--warm-pool", "0");
        TestEngine.Client api = child.client();
        String id = api.createSandbox();
        URI u = URI.create(child.url());
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /v1/sandboxes/" + id + "/files/raw?path=/workspace/big.bin HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + child.key() + "\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + (64 << 20) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 8; i++) out.write(chunk);
            out.flush();
            long deadline = System.currentTimeMillis() + 15_000;
            while (stagingFiles(data).isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertThat(stagingFiles(data)).as("the upload is being staged").isNotEmpty();
            child.crash();
        }
        try (TestEngine restarted = new TestEngine(data, c -> c.withWarmPool(0))) {
            TestEngine.Client r = restarted.client();
            assertThat(stagingFiles(data)).as("the cut-off upload's staging file is cleared on restart").isEmpty();
            r.post("/v1/sandboxes/" + id + "/start", Map.of());
            assertThat(r.get("/v1/sandboxes/" + id + "/files/stat?path=/workspace/big.bin").status()).isEqualTo(404);
            assertThat(r.get("/v1/sandboxes/" + id + "/files?path=/workspace").json().findValuesAsText("name"))
                    .doesNotContain("big.bin");
            // A retried upload completes normally.
            assertThat(r.send("PUT", "/v1/sandboxes/" + id + "/files/raw?path=/workspace/big.bin", new byte[1000],
                    "application/octet-stream").json().get("size").asLong()).isEqualTo(1000);
        }
    }

    @Test
    void killedDuringARestoreKeepsTheFilesAsTheyWereAndClearsItsScratchOnRestart() throws Exception {
        Path data = Files.createTempDirectory("sandbench-crash-restore-");
        ChildEngine child = ChildEngine.fromClasspath(data, "--warm-pool", "0");
        TestEngine.Client api = child.client();
        String id = api.createSandbox();
        // Enough files that unpacking takes a while: the kill lands while the staging is written.
        api.post("/v1/sandboxes/" + id + "/exec", Map.of("timeout_ms", 120_000, "command",
                "mkdir -p many && for i in $(seq 40); do head -c 1000000 /dev/urandom > many/r$i.bin; done; "
                        + "for i in $(seq 2000); do seq $i $((i+2000)) > many/t$i.txt; done"));
        String snap = api.post("/v1/sandboxes/" + id + "/snapshots", Map.of()).json().get("id").asText();
        api.exec(id, "rm -r many && echo after > after.txt");
        String before = api.output(id, SnapshotsTest.TREE);
        Thread restore = whileTheEngineLives(() -> api.post("/v1/snapshots/" + snap + "/restore", Map.of()));
        long deadline = System.currentTimeMillis() + 15_000;
        while (scratch(data).isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(5);
        assertThat(scratch(data)).as("the restore is unpacking").isNotEmpty();
        child.crash();
        restore.join();
        try (TestEngine restarted = new TestEngine(data, c -> c.withWarmPool(0))) {
            TestEngine.Client r = restarted.client();
            assertThat(scratch(data)).as("the cut-off restore's scratch is cleared on restart").isEmpty();
            r.post("/v1/sandboxes/" + id + "/start", Map.of());
            assertThat(r.output(id, SnapshotsTest.TREE)).as("the sandbox's files as they were before the restore").isEqualTo(before);
            // The snapshot still restores.
            assertThat(r.post("/v1/snapshots/" + snap + "/restore", Map.of()).status()).isEqualTo(200);
            assertThat(r.output(id, "ls many | wc -l; ls after.txt 2>&1 | head -c 0").strip()).isEqualTo("2040");
        }
    }

    static List<Path> scratch(Path data) throws IOException {
        try (Stream<Path> s = Files.list(TestEngine.sandboxesDir(data))) {
            List<Path> out = new ArrayList<>();
            for (Path d : s.toList()) {
                try (Stream<Path> entries = Files.list(d)) {
                    entries.filter(p -> p.getFileName().toString().startsWith(".scratch-")).forEach(out::add);
                }
            }
            return out;
        }
    }

    static List<Path> stagingFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(TestEngine.sandboxesDir(data), 3)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".sandbench-upload-")).toList();
        }
    }

    @Test
    void everyAcknowledgedIngestedEventSurvivesAKill() throws Exception {
        Path data = Files.createTempDirectory("sandbench-crash-ingest-");
        ChildEngine child = ChildEngine.fromClasspath(data, "--warm-pool", "0");
        TestEngine.Client api = child.client();
        String id = api.createSandbox();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int thread = t;
            Thread sender = new Thread(() -> {
                for (int batch = 0; !stop.get(); batch++) {
                    List<Map<String, Object>> events = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        events.add(Map.of("id", "e-" + thread + "-" + batch + "-" + i, "type", "message", "sandbox_id", id,
                                "session_id", "ses_crash", "data", Map.of("text", "event " + i)));
                    }
                    try {
                        TestEngine.Res r = api.post("/v1/events/ingest", Map.of("events", events));
                        if (r.status() == 200 && r.json().get("accepted").asInt() == 50) {
                            events.forEach(e -> acknowledged.add((String) e.get("id")));
                        }
                    } catch (AssertionError engineGone) {
                        return;
                    }
                }
            });
            sender.start();
            senders.add(sender);
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (acknowledged.size() < 1500 && System.currentTimeMillis() < deadline) Thread.sleep(10);
        child.crash();
        stop.set(true);
        for (Thread t : senders) t.join(10_000);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(1500);

        try (TestEngine restarted = new TestEngine(data, c -> c.withWarmPool(0))) {
            JsonNode replay = restarted.client().get("/v1/sessions/ses_crash/replay").json();
            Set<String> stored = ConcurrentHashMap.newKeySet();
            replay.forEach(e -> stored.add(e.get("id").asText()));
            assertThat(stored).containsAll(acknowledged);
        }
    }
}
