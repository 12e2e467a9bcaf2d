package dev.sandbench.client;

import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sessions.AgentSession;
import dev.sandbench.client.sessions.IngestEvent;
import dev.sandbench.client.sessions.IngestResult;
import dev.sandbench.client.sessions.ReplayEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsClientTest {
    @Test
    void ingestedAndRecordedEventsReplayWithTotals() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            SandbenchClient sb = f.client;
            Sandbox box = sb.sandboxes().create();
            sb.exec().run(box.id(), "echo hi");
            List<IngestEvent> events = List.of(
                    IngestEvent.of("llm_call", box.id(), Map.of("model", "gpt-4o", "tokens_in", 100, "tokens_out", 50,
                            "cost_usd", 0.25)).id("a1").session("run-7"),
                    IngestEvent.of("tool_call", box.id(), Map.of("name", "grep")).id("a2").session("run-7"));
            IngestResult r = sb.sessions().ingest(events);
            assertThat(r.accepted()).isEqualTo(2);
            assertThat(sb.sessions().ingest(events).accepted()).isEqualTo(2);
            // A refused event comes back with its index and the reason.
            IngestResult refused = sb.sessions().ingest(List.of(IngestEvent.of("message", "sbx_missing", Map.of())));
            assertThat(refused.errors()).isEqualTo(1);
            assertThat(refused.problems()).singleElement().satisfies(p -> {
                assertThat(p.index()).isZero();
                assertThat(p.detail()).contains("sbx_missing");
            });
            AgentSession run = sb.sessions().get("run-7");
            assertThat(run.eventCount()).isEqualTo(2);
            assertThat(run.costUsd()).isEqualTo(0.25);
            assertThat(sb.sessions().summary("run-7").toolsUsed()).containsExactly("grep");
            assertThat(sb.sessions().list(box.id())).extracting(AgentSession::id).contains("run-7");
            String implicit = sb.sessions().list(box.id()).stream().filter(s -> !s.id().equals("run-7")).findFirst()
                    .orElseThrow().id();
            assertThat(sb.sessions().replay(implicit)).extracting(ReplayEvent::type).contains("command");
            assertThat(sb.sessions().exportJson("run-7").get("events").size()).isEqualTo(2);
        }
    }
}
