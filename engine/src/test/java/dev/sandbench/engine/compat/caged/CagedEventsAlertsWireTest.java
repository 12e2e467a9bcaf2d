package dev.sandbench.engine.compat.caged;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sandbench.engine.compat.caged.CagedSdk.assertFiltered;
import static dev.sandbench.engine.compat.caged.CagedSdk.assertProblem;
import static dev.sandbench.engine.compat.caged.CagedSdk.assertStrict;
import static dev.sandbench.engine.compat.caged.CagedSdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code caged.events}, {@code caged.sessions}, {@code caged.alerts} and {@code caged.notifications}. */
class CagedEventsAlertsWireTest {
    static TestEngine engine;
    static CagedSdk sdk;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine();
        sdk = new CagedSdk(engine);
        id = ok(sdk.call("POST", "/sandboxes", Map.of("template", "node-20")), 201).get("id").asText();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** {@code asdict(EventPayload(...))}: every field, the unset ones as null. */
    private static Map<String, Object> event(String type, String sandboxId, Map<String, Object> data) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("sandbox_id", sandboxId);
        e.put("data", data);
        e.put("id", null);
        e.put("session_id", null);
        e.put("timestamp", null);
        return e;
    }

    @Test
    void ingestAnswersExactlyAcceptedAndErrorsAndTheProblemsOnlyWhenAsked() {
        List<Map<String, Object>> events = List.of(
                event("llm_call", id, Map.of("model", "claude-4", "tokens_in", 500, "tokens_out", 200)),
                event("message", "sbx_nope", Map.of()));
        JsonNode r = ok(sdk.call("POST", "/events/ingest", Map.of("events", events)), 200);
        assertStrict(r, CagedSdk.INGEST_RESPONSE);
        assertThat(r.get("accepted").asInt()).isEqualTo(1);
        assertThat(r.get("errors").asInt()).isEqualTo(1);

        JsonNode full = ok(sdk.call("POST", "/events/ingest?detail=full", Map.of("events", events.subList(1, 2))), 200);
        assertThat(full.at("/problems/0/index").asInt()).isZero();
        assertThat(full.at("/problems/0/detail").asText()).contains("sbx_nope");
        assertProblem(sdk.call("POST", "/events/ingest?detail=most", Map.of("events", List.of())), 400, "detail");
    }

    @Test
    void agentSessionsReplayAndSummaryHaveTheFieldsTheSdkNeeds() {
        sdk.call("POST", "/events/ingest", Map.of("events", List.of(
                event("llm_call", id, Map.of("model", "claude-4", "tokens_in", 5, "tokens_out", 2)))));
        JsonNode sessions = ok(sdk.get("/sandboxes/" + id + "/sessions"), 200);
        assertThat(sessions.size()).isPositive();
        sessions.forEach(s -> assertFiltered(s, CagedSdk.AGENT_SESSION));
        String sid = sessions.get(0).get("id").asText();
        assertFiltered(ok(sdk.get("/sessions/" + sid), 200), CagedSdk.AGENT_SESSION);
        JsonNode replay = ok(sdk.get("/sessions/" + sid + "/replay"), 200);
        assertThat(replay.findValuesAsText("type")).contains("llm_call");
        replay.forEach(e -> {
            assertFiltered(e, CagedSdk.REPLAY_EVENT);
            assertThat(e.get("data").isObject()).isTrue();
        });
        JsonNode summary = ok(sdk.get("/sessions/" + sid + "/replay/summary"), 200);
        assertFiltered(summary, CagedSdk.REPLAY_SUMMARY);
        assertThat(summary.get("tools_used").isArray()).isTrue();
        assertProblem(sdk.get("/sessions/sess_nope"), 404, "sess_nope");
    }

    /** Setup the SDK cannot do: a command killed at its timeout raises an exec_timeout alert. */
    private static JsonNode timeOutACommand(String marker) throws InterruptedException {
        engine.client().post("/v1/sandboxes/" + id + "/exec", Map.of("command", "sleep 5 # " + marker, "timeout_ms", 100));
        for (int i = 0; i < 100; i++) {
            for (JsonNode a : ok(sdk.get("/alerts"), 200)) if (a.get("message").asText().contains(marker)) return a;
            Thread.sleep(50);
        }
        throw new AssertionError("no alert for " + marker);
    }

    @Test
    void alertsAndTheirRulesHaveTheFieldsTheSdkNeedsAndResolve() throws Exception {
        JsonNode rules = ok(sdk.get("/alerts/rules"), 200);
        rules.forEach(r -> assertFiltered(r, CagedSdk.ALERT_RULE));
        JsonNode rule = ok(sdk.call("PUT", "/alerts/rules/exec_timeout", Map.of("enabled", true, "cooldown_minutes", 0)), 200);
        assertFiltered(rule, CagedSdk.ALERT_RULE);
        assertThat(rule.get("cooldown_minutes").asInt()).isZero();

        JsonNode alert = timeOutACommand("alert-1");
        assertFiltered(alert, CagedSdk.ALERT);
        assertThat(alert.get("severity").asText()).isIn("low", "medium", "high", "critical");
        String alertId = alert.get("id").asText();
        assertFiltered(ok(sdk.get("/alerts/" + alertId), 200), CagedSdk.ALERT);
        assertThat(sdk.call("POST", "/alerts/" + alertId + "/resolve", null).status()).isEqualTo(200);
        assertThat(ok(sdk.get("/alerts/" + alertId), 200).get("resolved").asBoolean()).isTrue();
        assertProblem(sdk.get("/alerts/alrt_nope"), 404, "alrt_nope");
    }

    @Test
    void notificationsAreCountedListedAndMarkedRead() throws Exception {
        sdk.call("PUT", "/alerts/rules/exec_timeout", Map.of("enabled", true, "cooldown_minutes", 0));
        sdk.call("POST", "/notifications/read-all", null);
        timeOutACommand("note-1");
        JsonNode count = ok(sdk.get("/notifications/unread-count"), 200);
        assertThat(count.get("count").asInt()).isEqualTo(1);
        JsonNode notes = ok(sdk.get("/notifications"), 200);
        notes.forEach(n -> assertFiltered(n, CagedSdk.NOTIFICATION));
        assertThat(sdk.call("POST", "/notifications/" + notes.get(0).get("id").asText() + "/read", null).status())
                .isEqualTo(200);
        assertThat(ok(sdk.get("/notifications/unread-count"), 200).get("count").asInt()).isZero();
        assertThat(sdk.call("POST", "/notifications/read-all", null).status()).isEqualTo(200);
    }

    @Test
    void theNotificationConfigSpeaksTheSdksFieldsAndKeepsWhatItIsGiven() throws Exception {
        JsonNode config = ok(sdk.get("/notifications/config"), 200);
        assertFiltered(config, CagedSdk.NOTIFICATION_CONFIG);
        assertThat(config.get("email_enabled").asBoolean()).as("this engine sends no email").isFalse();
        assertThat(config.get("delivered_channels").toString()).isEqualTo("[\"in_app\"]");

        JsonNode updated = ok(sdk.call("PUT", "/notifications/config", Map.of("email_enabled", true, "slack_enabled", true,
                "slack_webhook_url", "https://hooks.slack.com/services/T/B/X")), 200);
        assertThat(updated.get("email_enabled").asBoolean()).isTrue();
        JsonNode stored = ok(sdk.get("/notifications/config"), 200);
        assertThat(stored.get("slack_enabled").asBoolean()).isTrue();
        assertThat(stored.get("slack_webhook_url").asText()).isEqualTo("https://hooks.slack.com/services/T/B/X");
        assertThat(ok(sdk.call("PUT", "/notifications/config", Map.of("email_enabled", false)), 200)
                .get("slack_enabled").asBoolean()).as("fields left out keep their value").isTrue();
        assertProblem(sdk.call("PUT", "/notifications/config", Map.of("slack_webhook_url", "not a url")), 422, "URL");
        assertProblem(sdk.call("PUT", "/notifications/config", Map.of("pager_enabled", true)), 400, "unknown field");

        // channels: each alert type on or off, the same setting as the engine's muted_types.
        JsonNode muted = ok(sdk.call("PUT", "/notifications/config", Map.of("channels", Map.of("exec_timeout", false))), 200);
        assertThat(muted.at("/channels/exec_timeout").asBoolean()).isFalse();
        assertThat(muted.at("/channels/oom_kill").asBoolean()).isTrue();
        assertThat(muted.get("muted_types").toString()).isEqualTo("[\"exec_timeout\"]");
        sdk.call("PUT", "/alerts/rules/exec_timeout", Map.of("enabled", true, "cooldown_minutes", 0));
        sdk.call("POST", "/notifications/read-all", null);
        timeOutACommand("muted-1");
        assertThat(ok(sdk.get("/notifications/unread-count"), 200).get("count").asInt()).as("muted: alert, no notification")
                .isZero();
        assertProblem(sdk.call("PUT", "/notifications/config", Map.of("channels", Map.of("pager", true))), 422,
                "unknown alert type 'pager'");

        // The engine's own names still work (the Java client sends them).
        JsonNode old = ok(sdk.call("PUT", "/notifications/config", Map.of("in_app", true, "min_severity", "low",
                "muted_types", List.of())), 200);
        assertThat(old.at("/channels/exec_timeout").asBoolean()).isTrue();
    }
}
