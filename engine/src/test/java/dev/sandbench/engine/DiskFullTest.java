package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.runtime.BubblewrapRuntime;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The data directory's file system fills up (a small tmpfs, so it really does): writes answer
 * 507 problem+json, reads keep working, nothing already stored is damaged, and everything works
 * again once space is freed, across a restart too.
 */
class DiskFullTest {

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    static void assertInsufficientStorage(TestEngine.Res r) {
        assertThat(r.status()).as(r.body()).isEqualTo(507);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asText()).isNotBlank();
    }

    @Test
    void aFullDataDirAnswers507KeepsItsDataAndRecovers() throws Exception {
        assumeTrue(BubblewrapRuntime.unixUid() == 0, "mounting a small file system for the data directory needs root");
        Path mount = Files.createTempDirectory("sandbench-full-");
        run("mount", "-t", "tmpfs", "-o", "size=96m,mode=0711", "sandbench-full", mount.toString());
        try {
            Path data = mount.resolve("data");
            ChildEngine child = ChildEngine.fromClasspath(data, "--warm-pool", "0");
            try {
                TestEngine.Client api = child.client();
                String id = api.createSandbox();
                api.put("/v1/sandboxes/" + id + "/files/content", Map.of("path", "kept.txt", "content", "before"));
                api.post("/v1/events/ingest", Map.of("events", List.of(Map.of("id", "before-full", "type", "message",
                        "sandbox_id", id, "session_id", "ses_full", "data", Map.of("text", "kept")))));
                // The sandbox fills the file system its workspace shares with the engine's data.
                JsonNode fill = api.exec(id, "head -c 200000000 /dev/zero > /workspace/fill; df -k /workspace | tail -1");
                assertThat(fill.get("exit_code").asInt()).isZero();
                assertThat(fill.get("output").asText()).contains("No space left");

                assertInsufficientStorage(api.put("/v1/sandboxes/" + id + "/files/content", Map.of("path", "new.txt", "content",
                        "x".repeat(100_000))));
                assertInsufficientStorage(api.send("PUT", "/v1/sandboxes/" + id + "/files/raw?path=new.bin", new byte[1 << 20],
                        "application/octet-stream"));
                TestEngine.Res snap = api.post("/v1/sandboxes/" + id + "/snapshots", Map.of("name", "while full"));
                assertInsufficientStorage(snap);
                List<Map<String, Object>> events = new java.util.ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    events.add(Map.of("type", "message", "sandbox_id", id, "session_id", "ses_full",
                            "data", Map.of("text", "y".repeat(4000))));
                }
                TestEngine.Res ingest = api.post("/v1/events/ingest", Map.of("events", events));
                assertThat(ingest.status()).as(child.log()).isEqualTo(507);
                assertInsufficientStorage(ingest);
                // Reads keep working.
                assertThat(api.get("/v1/sandboxes/" + id).status()).isEqualTo(200);
                assertThat(api.get("/v1/sandboxes/" + id + "/files/content?path=kept.txt").json().asText()).isEqualTo("before");
                assertThat(api.get("/v1/sandboxes/" + id + "/files/stat?path=new.txt").status()).isEqualTo(404);
                for (JsonNode s : api.get("/v1/sandboxes/" + id + "/snapshots").json()) {
                    assertThat(s.get("status").asText()).isNotEqualTo("completed");
                }

                // Space comes back: everything works again.
                assertThat(api.delete("/v1/sandboxes/" + id + "/files?path=/workspace/fill").status()).isEqualTo(204);
                assertThat(api.put("/v1/sandboxes/" + id + "/files/content", Map.of("path", "new.txt", "content", "after"))
                        .status()).isEqualTo(204);
                TestEngine.Res again = api.post("/v1/sandboxes/" + id + "/snapshots", Map.of("name", "after"));
                assertThat(again.status()).as(again.body()).isEqualTo(201);
                assertThat(again.json().get("status").asText()).isEqualTo("completed");
                assertThat(api.post("/v1/events/ingest", Map.of("events", events)).json().get("accepted").asInt()).isEqualTo(500);
                child.close();
                child = ChildEngine.fromClasspath(data, "--warm-pool", "0");
                api = child.client();
                JsonNode replay = api.get("/v1/sessions/ses_full/replay").json();
                assertThat(replay.findValuesAsText("id")).contains("before-full");
                // The 501 ingested messages (the engine also records the sandbox's own activity into
                // this session while it is active: writes, snapshots, lifecycle).
                int messages = 0;
                for (JsonNode e : replay) if (e.get("type").asText().equals("message")) messages++;
                assertThat(messages).isEqualTo(501);
                assertThat(api.post("/v1/sandboxes/" + id + "/start", Map.of()).status()).isEqualTo(200);
                assertThat(api.output(id, "cat /workspace/kept.txt /workspace/new.txt")).isEqualTo("beforeafter");
            } finally {
                child.close();
            }
        } finally {
            run("umount", "-l", mount.toString());
            Files.deleteIfExists(mount);
        }
    }
}
