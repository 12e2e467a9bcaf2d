package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrustScoreTest {
    @Test
    void aScriptedRiskyRunIsFlaggedWithReasonsAndScoredDeterministically() throws Exception {
        try (TestEngine engine = new TestEngine(c -> c.withWarmPool(0))) {
            TestEngine.Client api = engine.client();
            String id = api.createSandbox(Map.of("network_mode", "none"));
            api.exec(id, "ls /workspace && echo fine");
            api.exec(id, "cat ~/.ssh/id_rsa");
            api.exec(id, "echo x > /etc/motd");
            api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "sleep 5", "timeout_ms", 200));
            api.post("/v1/events/ingest", Map.of("events", List.of(Map.of("type", "tool_call", "sandbox_id", id,
                    "data", Map.of("name", "shell", "arguments", Map.of("command", "rm -rf / --no-preserve-root"))))));

            String session = api.get("/v1/sandboxes/" + id + "/sessions").json().get(0).get("id").asText();
            List<String> reasons = new ArrayList<>();
            for (JsonNode e : api.get("/v1/sessions/" + session + "/replay").json()) {
                for (JsonNode f : e.get("data").path("flags")) {
                    assertThat(f.get("weight").asDouble()).isPositive();
                    reasons.add(e.get("type").asText() + ": " + f.get("reason").asText());
                }
            }
            assertThat(reasons).containsExactly(
                    "command: credential-like file (.ssh, keys, cloud or package-registry credentials)",
                    "command: write to a system directory",
                    "command: write refused: read-only file system",
                    "command: killed at its timeout",
                    "tool_call: recursive delete of / or the home directory");

            JsonNode summary = api.get("/v1/sessions/" + session + "/replay/summary").json();
            assertThat(summary.get("trust_factors")).isEqualTo(TestEngine.JSON.valueToTree(Map.of(
                    "destructive_commands", 0.4, "credential_access", 0.25, "outside_workspace_writes", 0.2,
                    "runaway_resources", 0.05)));
            // 1 - (0.4 + 0.25 + 0.2 + 0.05)
            assertThat(summary.get("trust_score").asDouble()).isEqualTo(0.1);
            assertThat(api.get("/v1/sessions/" + session).json().get("trust_score").asDouble()).isEqualTo(0.1);

            JsonNode trust = api.get("/v1/trust/sandboxes/" + id).json();
            assertThat(trust.size()).isEqualTo(1);
            List<String> fields = new ArrayList<>();
            trust.get(0).fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("session_id", "sandbox_id", "score", "factors", "updated_at");
            assertThat(trust.get(0).get("score").asDouble()).isEqualTo(0.1);

            JsonNode low = AlertsTest.awaitAlerts(api, "low_trust", 1).get(0);
            assertThat(low.get("session_id").asText()).isEqualTo(session);
            assertThat(low.get("severity").asText()).isEqualTo("high");
        }
    }
}
