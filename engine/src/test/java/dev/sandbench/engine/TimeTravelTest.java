package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshot comparison and going back in a session: fork from a point, restore to a point. */
class TimeTravelTest {
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

    private void write(String id, String path, String content) {
        TestEngine.Res r = api.put("/v1/sandboxes/" + id + "/files/content", Map.of("path", path, "content", content));
        assertThat(r.status()).as(r.body()).isBetween(200, 204);
    }

    private String snapshot(String id) {
        TestEngine.Res r = api.post("/v1/sandboxes/" + id + "/snapshots", Map.of("name", "s"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static Map<String, String> changes(JsonNode diff) {
        Map<String, String> m = new java.util.TreeMap<>();
        for (JsonNode c : diff.get("changes")) m.put(c.get("path").asText(), c.get("change").asText());
        return m;
    }

    @Test
    void aSnapshotComparesWithTheSandboxNowAndWithAnotherSnapshot() {
        String id = api.createSandbox();
        write(id, "/workspace/keep.txt", "same\n");
        write(id, "/workspace/edit.py", "print(1)\n");
        write(id, "/workspace/gone.txt", "bye\n");
        api.exec(id, "head -c 5000 /dev/urandom > /workspace/blob.bin");
        String first = snapshot(id);
        write(id, "/workspace/edit.py", "print(2)\n");
        api.exec(id, "rm /workspace/gone.txt && mkdir -p /workspace/new && echo hi > /workspace/new/added.txt "
                + "&& chmod 700 /workspace/keep.txt");

        JsonNode now = api.get("/v1/snapshots/" + first + "/diff").json();
        assertThat(now.get("to").asText()).isEqualTo("current");
        assertThat(changes(now)).containsEntry("/workspace/edit.py", "modified")
                .containsEntry("/workspace/gone.txt", "deleted")
                .containsEntry("/workspace/new", "added")
                .containsEntry("/workspace/new/added.txt", "added")
                .containsEntry("/workspace/keep.txt", "modified")
                .doesNotContainKey("/workspace/blob.bin");
        for (JsonNode c : now.get("changes")) {
            if (c.get("path").asText().equals("/workspace/keep.txt")) assertThat(c.get("mode_changed").asBoolean()).isTrue();
        }
        assertThat(now.get("added").asInt()).isEqualTo(2);
        assertThat(now.get("deleted").asInt()).isEqualTo(1);

        String second = snapshot(id);
        JsonNode between = api.get("/v1/snapshots/" + first + "/diff?against=" + second).json();
        assertThat(changes(between)).isEqualTo(changes(now));
        assertThat(changes(api.get("/v1/snapshots/" + second + "/diff").json())).isEmpty();

        // File text as each snapshot has it, for a text diff.
        assertThat(api.get("/v1/snapshots/" + first + "/files/content?path=/workspace/edit.py").json().asText())
                .isEqualTo("print(1)\n");
        assertThat(api.get("/v1/snapshots/" + second + "/files/content?path=edit.py").json().asText())
                .isEqualTo("print(2)\n");
        assertProblem(api.get("/v1/snapshots/" + second + "/files/content?path=/workspace/gone.txt"), 404);
        assertProblem(api.get("/v1/snapshots/" + first + "/files/content?path=/workspace/blob.bin"), 422);
        assertProblem(api.get("/v1/snapshots/" + first + "/files/content?path=../../etc/passwd"), 400);
        assertProblem(api.get("/v1/snapshots/snap_nope/diff"), 404);
        JsonNode other = api.post("/v1/admin/accounts", Map.of("name", "travel-other")).json();
        assertProblem(engine.client(other.get("key").get("key").asText()).get("/v1/snapshots/" + first + "/diff"), 404);
    }

    @Test
    void forkFromAPointRebuildsTheFilesAsTheyWereThen() {
        String id = api.createSandbox();
        // An agent session: the engine records the sandbox's own activity into it while it is active.
        ingest(id, "run-travel", "llm_call", Map.of("agent_type", "coder", "model", "gpt-4o", "tokens_in", 10, "tokens_out", 5));
        write(id, "/workspace/a.txt", "v1\n");
        String snap = snapshot(id);
        write(id, "/workspace/a.txt", "v2\n");
        write(id, "/workspace/b.txt", "b\n");
        api.post("/v1/sandboxes/" + id + "/files/move", Map.of("from", "/workspace/b.txt", "to", "/workspace/c.txt"));
        ingest(id, "run-travel", "tool_call", Map.of("name", "marker"));
        write(id, "/workspace/a.txt", "v3\n");
        api.exec(id, "echo later > /workspace/later.txt");
        ingest(id, "run-travel", "session_end", Map.of("status", "completed"));

        List<JsonNode> events = new ArrayList<>();
        api.get("/v1/sessions/run-travel/replay").json().forEach(events::add);
        List<String> types = events.stream().map(e -> e.get("type").asText()).toList();
        assertThat(types).containsSubsequence("llm_call", "file_write", "snapshot", "file_write", "file_write",
                "file_move", "tool_call", "file_write", "command", "session_end");
        assertThat(api.get("/v1/sessions/run-travel").json().get("status").asText()).isEqualTo("completed");
        String marker = events.stream().filter(e -> e.get("type").asText().equals("tool_call")).findFirst()
                .orElseThrow().get("id").asText();

        JsonNode plan = api.get("/v1/sessions/run-travel/travel?event_id=" + marker).json();
        assertThat(plan.get("base_snapshot_id").asText()).isEqualTo(snap);
        assertThat(plan.get("steps").findValuesAsText("action")).containsExactly("write", "write", "move");
        assertThat(plan.get("unrecorded").asInt()).isZero();
        assertThat(plan.get("exact").asBoolean()).isTrue();

        TestEngine.Res fork = api.post("/v1/sessions/run-travel/fork", Map.of("event_id", marker));
        assertThat(fork.status()).as(fork.body()).isEqualTo(201);
        String forked = fork.json().get("sandbox").get("id").asText();
        assertThat(fork.json().get("applied").asInt()).isEqualTo(3);
        assertThat(api.output(forked, "cd /workspace && for f in *; do echo \"$f=$(cat $f)\"; done"))
                .isEqualTo("a.txt=v2\nc.txt=b\n");
        // The source keeps its own state.
        assertThat(api.output(id, "cat /workspace/a.txt /workspace/later.txt")).isEqualTo("v3\nlater\n");

        // At the end, a command changed files without recording them: the plan says so.
        JsonNode end = api.get("/v1/sessions/run-travel/travel").json();
        assertThat(end.get("unrecorded").asInt()).isEqualTo(1);
        assertThat(end.get("exact").asBoolean()).isFalse();

        // Restore the sandbox itself to the marker.
        TestEngine.Res restored = api.post("/v1/sessions/run-travel/restore", Map.of("event_id", marker));
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(api.output(id, "cd /workspace && ls && cat a.txt")).isEqualTo("a.txt\nc.txt\nv2\n");

        // Before any snapshot there is nothing to restore to; fork starts from a fresh sandbox.
        String first = events.get(0).get("id").asText();
        assertProblem(api.post("/v1/sessions/run-travel/restore", Map.of("event_id", first)), 409);
        TestEngine.Res fresh = api.post("/v1/sessions/run-travel/fork", Map.of("event_id", first));
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(201);
        assertThat(fresh.json().get("plan").get("base_snapshot_id").isNull()).isTrue();
        assertThat(api.output(fresh.json().get("sandbox").get("id").asText(), "ls -A /workspace")).isEmpty();

        assertProblem(api.post("/v1/sessions/run-travel/fork", Map.of("event_id", "evt_nope")), 404);
        assertProblem(api.get("/v1/sessions/run-travel/travel?at=yesterday"), 400);
        assertProblem(api.post("/v1/sessions/sess_nope/fork", Map.of()), 404);
    }

    private void ingest(String sandbox, String session, String type, Map<String, Object> data) {
        JsonNode r = api.post("/v1/events/ingest", Map.of("events", List.of(Map.of("type", type, "sandbox_id", sandbox,
                "session_id", session, "data", data)))).json();
        assertThat(r.get("accepted").asInt()).as(r.toString()).isEqualTo(1);
    }

    private static void assertProblem(TestEngine.Res r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }
}
