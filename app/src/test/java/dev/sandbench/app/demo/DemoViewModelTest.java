package dev.sandbench.app.demo;

import dev.sandbench.app.notify.Notice;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.sandboxes.SandboxStatus;
import dev.sandbench.client.sessions.AgentSession;
import dev.sandbench.client.sessions.ReplayEvent;
import dev.sandbench.engine.Engine;
import dev.sandbench.engine.core.EngineConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The demo agent's view-model on the direct executor, against a real engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoViewModelTest {
    private Path dataDir;
    private Engine engine;
    private SandbenchClient client;

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("sandbench-demo-test-");
        engine = Engine.start(EngineConfig.defaults(dataDir).withPort(0).withWarmPool(1));
        client = SandbenchClient.connect(engine.url(), engine.adminKey());
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
        engine.close();
        try (Stream<Path> walk = Files.walk(dataDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void runsTheStorySayingWhatItDoesAndHandsOverACompletedSession() {
        Notifier notifier = new Notifier();
        DemoViewModel vm = new DemoViewModel(UiExecutor.direct(), notifier, Duration.ZERO);
        List<String> said = new ArrayList<>();
        List<Boolean> running = new ArrayList<>();
        vm.progressProperty().addListener((o, a, b) -> said.add(b));
        vm.runningProperty().addListener((o, a, b) -> running.add(b));
        List<DemoAgent.Result> done = new ArrayList<>();

        vm.run(client, done::add);

        assertThat(running).containsExactly(true, false);
        assertThat(said).containsSubsequence("Demo agent: starting\u2026", "Demo agent: creating a sandbox\u2026",
                "Demo agent: writing calc.py and its test\u2026", "Demo agent: running the tests\u2026",
                "Demo agent: the tests failed; asking the model why\u2026", "Demo agent: taking a snapshot before the fix\u2026",
                "Demo agent: fixing calc.py\u2026", "Demo agent: running the tests again\u2026");
        assertThat(done).hasSize(1);
        DemoAgent.Result r = done.get(0);
        assertThat(vm.progressProperty().get()).startsWith("Demo agent: done.").contains(r.session().id()).contains(r.sandbox().id());
        assertThat(notifier.notices()).extracting(Notice::title).contains("The demo agent fixed the tests");

        assertThat(r.sandbox().status()).isEqualTo(SandboxStatus.RUNNING);
        assertThat(r.sandbox().name()).isEqualTo(DemoAgent.AGENT);
        AgentSession s = r.session();
        assertThat(s.status()).isEqualTo("completed");
        assertThat(s.agentType()).isEqualTo(DemoAgent.AGENT);
        assertThat(s.model()).isEqualTo(DemoAgent.MODEL);
        assertThat(s.tokensIn()).isEqualTo(7470);
        assertThat(s.tokensOut()).isEqualTo(695);
        assertThat(s.costUsd()).isCloseTo(0.032835, within(1e-9));

        List<ReplayEvent> events = client.sessions().replay(s.id());
        assertThat(s.eventCount()).isEqualTo(events.size());
        Map<String, Long> counts = events.stream().collect(Collectors.groupingBy(ReplayEvent::type, Collectors.counting()));
        assertThat(counts).containsEntry("llm_call", 3L).containsEntry("tool_call", 6L).containsEntry("command", 2L)
                .containsEntry("file_write", 3L).containsEntry("snapshot", 1L).containsEntry("session_end", 1L);
        // The test really failed, then passed.
        assertThat(events.stream().filter(e -> e.type().equals("command")).map(e -> e.data().path("exit_code").asInt()))
                .containsExactly(1, 0);
        assertThat(client.files().readText(r.sandbox().id(), "/workspace/calc.py")).contains("return sum(values) / len(values)");
    }

    @Test
    void anEngineThatCannotBeReachedIsReportedOnceAndTheDemoCanRunAgain() {
        Notifier notifier = new Notifier();
        DemoViewModel vm = new DemoViewModel(UiExecutor.direct(), notifier, Duration.ZERO);
        List<DemoAgent.Result> done = new ArrayList<>();
        try (SandbenchClient gone = SandbenchClient.builder().baseUrl("http://127.0.0.1:9").apiKey("k").attempts(1).build()) {
            vm.run(gone, done::add);
        }
        assertThat(done).isEmpty();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.progressProperty().get()).startsWith("Demo agent failed: ").contains("127.0.0.1:9");
        assertThat(notifier.notices()).hasSize(1);
        assertThat(notifier.notices().get(0).severity()).isEqualTo(Notice.Severity.ERROR);
        assertThat(notifier.notices().get(0).title()).isEqualTo("The demo agent failed");

        // Not stuck: the next run goes ahead.
        vm.run(client, done::add);
        assertThat(done).hasSize(1);
    }
}
