package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AlertsTest {
    @Test
    void aMemoryKillRaisesAnAlertAndANotificationThatSurviveARestart() throws Exception {
        try (TestEngine engine = new TestEngine(c -> c.withWarmPool(0))) {
            TestEngine.Client api = engine.client();
            LinkedBlockingQueue<InteractiveExecTest.Event> stream = InteractiveExecTest.sse(HttpRequest.newBuilder(
                    URI.create(engine.url() + "/v1/events/stream")).header("Authorization", "Bearer " + engine.adminKey())
                    .GET().build());
            InteractiveExecTest.await(stream, "hello");
            String id = api.createSandbox(Map.of("memory_mb", 64));
            JsonNode run = api.post("/v1/sandboxes/" + id + "/exec", Map.of("command",
                    "python3 -c 'b = bytearray(400 * 1024 * 1024); print(len(b))'", "timeout_ms", 30_000)).json();
            assertThat(run.get("exit_code").asInt()).as(run.toString()).isEqualTo(137);

            JsonNode raised = awaitAlert(stream, "oom_kill");
            assertThat(raised.get("sandbox_id").asText()).isEqualTo(id);
            String alertId = raised.get("data").get("id").asText();
            String notificationId = raised.get("data").get("notification_id").asText();
            JsonNode alert = api.get("/v1/alerts/" + alertId).json();
            assertThat(alert.get("type").asText()).isEqualTo("oom_kill");
            assertThat(alert.get("severity").asText()).isEqualTo("high");
            assertThat(alert.get("resolved").asBoolean()).isFalse();
            assertThat(alert.get("sandbox_id").asText()).isEqualTo(id);
            assertThat(alert.get("message").asText()).contains("memory limit of 64 MB");
            assertThat(api.get("/v1/alerts?sandbox_id=" + id).json().findValuesAsText("id")).containsExactly(alertId);

            JsonNode notes = api.get("/v1/notifications?unread=true").json();
            assertThat(notes.size()).isEqualTo(1);
            assertThat(notes.get(0).get("alert_id").asText()).isEqualTo(alertId);
            assertThat(notes.get(0).get("id").asText()).isEqualTo(notificationId);
            assertThat(notes.get(0).get("title").asText()).contains("Memory limit").contains(id);
            assertThat(notes.get(0).get("read").asBoolean()).isFalse();
            assertThat(api.get("/v1/notifications/unread-count").json().get("count").asInt()).isEqualTo(1);

            // The session recorded the kill, flagged as runaway resource use.
            String session = api.get("/v1/sandboxes/" + id + "/sessions").json().get(0).get("id").asText();
            JsonNode limit = null;
            for (JsonNode e : api.get("/v1/sessions/" + session + "/replay").json()) {
                if (e.get("type").asText().equals("limit")) limit = e;
            }
            assertThat(limit).as("a limit event in the replay").isNotNull();
            assertThat(limit.get("data").get("flags").get(0).get("reason").asText()).isEqualTo("killed at the memory limit");
            assertThat(api.get("/v1/sessions/" + session + "/replay/summary").json().get("trust_factors")
                    .get("runaway_resources").asDouble()).isEqualTo(0.15);

            assertThat(api.post("/v1/notifications/" + notificationId + "/read", Map.of()).json().get("read").asBoolean())
                    .isTrue();
            assertThat(api.get("/v1/notifications/unread-count").json().get("count").asInt()).isZero();
            // Another account sees none of it.
            JsonNode other = api.post("/v1/admin/accounts", Map.of("name", "alerts-other")).json();
            TestEngine.Client them = engine.client(other.get("key").get("key").asText());
            assertThat(them.get("/v1/alerts/" + alertId).status()).isEqualTo(404);
            assertThat(them.get("/v1/alerts").json().size()).isZero();
            assertThat(them.post("/v1/notifications/" + notificationId + "/read", Map.of()).status()).isEqualTo(404);

            engine.stop();
            engine.start();
            api = engine.client();
            JsonNode kept = api.get("/v1/alerts/" + alertId).json();
            assertThat(kept.get("message").asText()).isEqualTo(alert.get("message").asText());
            assertThat(api.get("/v1/notifications").json().get(0).get("read").asBoolean()).isTrue();
            assertThat(api.get("/v1/sessions/" + session + "/replay").json().findValuesAsText("type")).contains("limit");
            JsonNode resolved = api.post("/v1/alerts/" + alertId + "/resolve", Map.of()).json();
            assertThat(resolved.get("resolved").asBoolean()).isTrue();
            assertThat(resolved.get("resolved_at").asText()).isNotBlank();
            assertThat(api.post("/v1/alerts/" + alertId + "/resolve", Map.of()).json().get("resolved_at").asText())
                    .isEqualTo(resolved.get("resolved_at").asText());
            assertThat(api.get("/v1/alerts?resolved=false").json().size()).isZero();
        }
    }

    @Test
    void rulesDecideWhichAlertsAreRaisedAndWhichBecomeNotifications() throws Exception {
        try (TestEngine engine = new TestEngine(c -> c.withWarmPool(0))) {
            TestEngine.Client api = engine.client();
            JsonNode rules = api.get("/v1/alerts/rules").json();
            assertThat(rules.findValuesAsText("id")).containsExactly("oom_kill", "pids_limit", "disk_limit", "exec_timeout",
                    "cost_over_budget", "sandbox_expiring", "low_trust");
            assertThat(rules.get(6).get("threshold").asDouble()).isEqualTo(0.5);
            assertThat(rules.get(0).get("channels").toString()).isEqualTo("[\"in_app\"]");
            assertThat(api.put("/v1/alerts/rules/nope", Map.of()).status()).isEqualTo(404);
            assertThat(api.put("/v1/alerts/rules/oom_kill", Map.of("threshold", 3)).status()).isEqualTo(422);
            assertThat(api.put("/v1/alerts/rules/low_trust", Map.of("threshold", 2)).status()).isEqualTo(422);
            assertThat(api.put("/v1/alerts/rules/oom_kill", Map.of("channels", List.of("email"))).status()).isEqualTo(422);
            assertThat(api.put("/v1/alerts/rules/oom_kill", Map.of("colour", "red")).status()).isEqualTo(400);
            JsonNode cost = api.put("/v1/alerts/rules/cost_over_budget", Map.of("threshold", 0.25, "severity", "critical"))
                    .json();
            assertThat(cost.get("threshold").asDouble()).isEqualTo(0.25);
            assertThat(cost.get("severity").asText()).isEqualTo("critical");
            assertThat(api.get("/v1/alerts/rules").json().get(4).get("threshold").asDouble()).isEqualTo(0.25);
            JsonNode config = api.put("/v1/notifications/config", Map.of("min_severity", "medium")).json();
            assertThat(config.get("min_severity").asText()).isEqualTo("medium");
            assertThat(config.get("in_app").asBoolean()).isTrue();
            assertThat(api.put("/v1/notifications/config", Map.of("muted_types", List.of("nope"))).status()).isEqualTo(422);

            // Expires within the default 300 s warning window.
            String id = api.createSandbox(Map.of("timeout", 120, "budget", 10.0));
            JsonNode timedOut = api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "sleep 5", "timeout_ms", 200))
                    .json();
            assertThat(timedOut.get("exit_code").asInt()).isEqualTo(124);
            JsonNode expiring = awaitAlerts(api, "sandbox_expiring", 1).get(0);
            assertThat(expiring.get("severity").asText()).isEqualTo("medium");
            assertThat(expiring.get("message").asText()).contains(id).contains("expires in");
            JsonNode timeout = awaitAlerts(api, "exec_timeout", 1).get(0);
            assertThat(timeout.get("severity").asText()).isEqualTo("low");
            assertThat(timeout.get("message").asText()).contains("sleep 5").contains("200 ms");

            // With the rule off, a second timeout raises nothing; alerts are evaluated in order, so
            // once the cost alert that follows is there, the timeout has been looked at.
            assertThat(api.put("/v1/alerts/rules/exec_timeout", Map.of("enabled", false)).json().get("enabled").asBoolean())
                    .isFalse();
            api.post("/v1/sandboxes/" + id + "/exec", Map.of("command", "sleep 5", "timeout_ms", 200));
            api.post("/v1/events/ingest", Map.of("events", List.of(Map.of("type", "llm_call", "sandbox_id", id,
                    "session_id", "spendy", "data", Map.of("model", "x", "cost_usd", 0.1)))));
            api.post("/v1/events/ingest", Map.of("events", List.of(Map.of("type", "llm_call", "sandbox_id", id,
                    "session_id", "spendy", "data", Map.of("model", "x", "cost_usd", 0.2)))));
            JsonNode over = awaitAlerts(api, "cost_over_budget", 1).get(0);
            assertThat(over.get("severity").asText()).isEqualTo("critical");
            assertThat(over.get("session_id").asText()).isEqualTo("spendy");
            assertThat(over.get("message").asText()).contains("$0.3000").contains("threshold");
            assertThat(api.get("/v1/alerts?type=exec_timeout").json().size()).isEqualTo(1);
            // Within the cooldown (10 minutes by default) a session further over budget is not alerted
            // again; a rule with no cooldown alerts every time.
            api.post("/v1/events/ingest", Map.of("events", List.of(Map.of("type", "llm_call", "sandbox_id", id,
                    "session_id", "spendy", "data", Map.of("model", "x", "cost_usd", 0.2)))));
            api.put("/v1/alerts/rules/exec_timeout", Map.of("enabled", true, "cooldown_minutes", 0));
            api.post("/v1/sandboxes/" + id + "/code", Map.of("language", "bash", "code", "sleep 5", "timeout_ms", 200));
            assertThat(awaitAlerts(api, "exec_timeout", 2).get(0).get("message").asText()).contains("bash code");
            assertThat(api.get("/v1/alerts?type=cost_over_budget").json().size()).isEqualTo(1);

            // Low-severity alerts stayed out of the notifications (min_severity medium).
            JsonNode notes = api.get("/v1/notifications").json();
            assertThat(notes.findValuesAsText("type")).contains("sandbox_expiring", "cost_over_budget")
                    .doesNotContain("exec_timeout");
            assertThat(api.post("/v1/notifications/read-all", Map.of()).json().get("marked").asInt()).isEqualTo(notes.size());
            assertThat(api.get("/v1/notifications/unread-count").json().get("count").asInt()).isZero();
        }
    }

    /** Waits for an {@code alert.raised} event of a type on the stream; returns the event. */
    static JsonNode awaitAlert(LinkedBlockingQueue<InteractiveExecTest.Event> q, String type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            InteractiveExecTest.Event e = q.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && "alert.raised".equals(e.name()) && e.data().get("data").get("type").asText().equals(type)) {
                return e.data();
            }
        }
        throw new AssertionError("no alert.raised event of type " + type);
    }

    /** Polls the alert list until it holds {@code n} alerts of a type (newest first). */
    static JsonNode awaitAlerts(TestEngine.Client api, String type, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        JsonNode list = null;
        while (System.currentTimeMillis() < deadline) {
            list = api.get("/v1/alerts?type=" + type).json();
            if (list.size() >= n) return list;
            Thread.sleep(50);
        }
        throw new AssertionError("expected " + n + " " + type + " alert(s), got " + list);
    }
}
