package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsTest {
    @Test
    void aScriptedAgentRunReplaysInOrderWithTheRightTotals() throws Exception {
        try (TestEngine engine = new TestEngine()) {
            TestEngine.Client api = engine.client();
            String id = api.createSandbox();
            api.exec(id, "echo building");
            api.put("/v1/sandboxes/" + id + "/files/content", Map.of("path", "/workspace/app.py", "content", "print(1)\n"));
            api.put("/v1/sandboxes/" + id + "/files/content", Map.of("path", "/workspace/app.py", "content", "print(2)\n"));
            api.post("/v1/sandboxes/" + id + "/code", Map.of("language", "bash", "code", "echo from-code"));
            List<Map<String, Object>> batch = List.of(
                    Map.of("id", "e1", "type", "llm_call", "sandbox_id", id, "data", Map.of("model", "gpt-4o",
                            "tokens_in", 1000, "tokens_out", 200, "prompt", "write app", "response", "ok")),
                    Map.of("id", "e2", "type", "tool_call", "sandbox_id", id, "data", Map.of("name", "run_tests",
                            "arguments", Map.of("k", 1), "result", "passed")),
                    Map.of("id", "e3", "type", "llm_call", "sandbox_id", id, "data", Map.of("model", "unknown-model",
                            "tokens_in", 10, "tokens_out", 5, "cost_usd", 0.5)),
                    Map.of("id", "e4", "type", "error", "sandbox_id", id, "data", Map.of("message", "boom")),
                    Map.of("type", "message", "sandbox_id", "sbx_nope", "data", Map.of()),
                    Map.of("type", "", "sandbox_id", id));
            JsonNode r = api.post("/v1/events/ingest", Map.of("events", batch)).json();
            assertThat(r.get("accepted").asInt()).isEqualTo(4);
            assertThat(r.get("errors").asInt()).isEqualTo(2);
            // A retry of the same ids is accepted without duplicates.
            JsonNode again = api.post("/v1/events/ingest", Map.of("events", batch.subList(0, 4))).json();
            assertThat(again.get("accepted").asInt()).isEqualTo(4);

            JsonNode sessions = api.get("/v1/sandboxes/" + id + "/sessions").json();
            assertThat(sessions.size()).isEqualTo(1);
            String sid = sessions.get(0).get("id").asText();
            JsonNode replay = api.get("/v1/sessions/" + sid + "/replay").json();
            List<String> types = replay.findValuesAsText("type");
            assertThat(types).containsSubsequence("sandbox", "command", "file_write", "file_write", "code");
            assertThat(types.stream().filter(t -> t.equals("llm_call")).count()).isEqualTo(2);
            for (int i = 1; i < replay.size(); i++) {
                assertThat(replay.get(i).get("timestamp").asText()).isGreaterThanOrEqualTo(replay.get(i - 1).get("timestamp").asText());
            }
            JsonNode secondWrite = null;
            for (JsonNode e : replay) if (e.get("type").asText().equals("file_write")) secondWrite = e;
            assertThat(secondWrite.get("data").get("before").asText()).isEqualTo("print(1)\n");
            assertThat(secondWrite.get("data").get("after").asText()).isEqualTo("print(2)\n");

            JsonNode summary = api.get("/v1/sessions/" + sid + "/replay/summary").json();
            assertThat(summary.get("tokens_in").asLong()).isEqualTo(1010);
            assertThat(summary.get("tokens_out").asLong()).isEqualTo(205);
            // gpt-4o from the price table (2.50 / 10.00 per million) plus the given 0.5.
            assertThat(summary.get("cost_usd").asDouble()).isCloseTo(0.0025 + 0.002 + 0.5, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(summary.get("tools_used").toString()).contains("run_tests");
            assertThat(summary.get("files_modified").toString()).contains("/workspace/app.py");
            assertThat(summary.get("total_events").asInt()).isEqualTo(replay.size());
            JsonNode session = api.get("/v1/sessions/" + sid).json();
            assertThat(session.get("event_count").asInt()).isEqualTo(replay.size());
            assertThat(api.get("/v1/sessions/" + sid + "/export?format=json").json().get("events").size()).isEqualTo(replay.size());
            // No terminal in this session: nothing to make a cast of.
            assertThat(api.get("/v1/sessions/" + sid + "/export?format=cast").status()).isEqualTo(422);

            JsonNode other = api.post("/v1/admin/accounts", Map.of("name", "sessions-other")).json();
            TestEngine.Client them = engine.client(other.get("key").get("key").asText());
            assertThat(them.get("/v1/sessions/" + sid).status()).isEqualTo(404);
            JsonNode foreign = them.post("/v1/events/ingest", Map.of("events", List.of(Map.of("type", "message",
                    "sandbox_id", id)))).json();
            assertThat(foreign.get("errors").asInt()).isEqualTo(1);

            // An agent's own session: created on first sight with its agent type and model.
            api.post("/v1/events/ingest", Map.of("events", List.of(Map.of("type", "llm_call", "sandbox_id", id,
                    "session_id", "agent-run-1", "data", Map.of("agent_type", "coder", "model", "claude-sonnet-4",
                            "tokens_in", 1_000_000, "tokens_out", 0)))));
            JsonNode agent = api.get("/v1/sessions/agent-run-1").json();
            assertThat(agent.get("agent_type").asText()).isEqualTo("coder");
            assertThat(agent.get("cost_usd").asDouble()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(api.post("/v1/events/ingest", Map.of("events", java.util.Collections.nCopies(1001,
                    Map.of("type", "x", "sandbox_id", id)))).status()).isEqualTo(413);

            // Events survive a restart.
            engine.stop();
            engine.start();
            JsonNode after = engine.client().get("/v1/sessions/" + sid + "/replay").json();
            assertThat(after.findValuesAsText("id")).containsAll(replay.findValuesAsText("id"));
        }
    }

    @Test
    void anAgentsLastStepsAreInItsSessionWhenItEndsIt() throws Exception {
        try (TestEngine engine = new TestEngine()) {
            TestEngine.Client api = engine.client();
            String id = api.createSandbox();
            api.get("/v1/sandboxes/" + id + "/sessions"); // its creation is recorded (in its implicit session) first
            // The engine records its own operations in the background; a session_end sent right after
            // the agent's last write must not close the session before that write is in it.
            for (int i = 0; i < 25; i++) {
                String sid = "ends-at-once-" + i;
                api.post("/v1/events/ingest", Map.of("events", List.of(Map.of("type", "message", "sandbox_id", id,
                        "session_id", sid, "data", Map.of("text", "start")))));
                api.put("/v1/sandboxes/" + id + "/files/content", Map.of("path", "/workspace/last.txt", "content", "step " + i));
                api.post("/v1/events/ingest", Map.of("events", List.of(Map.of("type", "session_end", "sandbox_id", id,
                        "session_id", sid, "data", Map.of("status", "completed")))));
                assertThat(api.get("/v1/sessions/" + sid + "/replay").json().findValuesAsText("type"))
                        .as("session %s", sid).containsExactly("message", "file_write", "session_end");
            }
        }
    }
}
