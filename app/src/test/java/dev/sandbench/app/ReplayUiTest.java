package dev.sandbench.app;

import dev.sandbench.app.replay.Lane;
import dev.sandbench.app.replay.ReplayModel;
import dev.sandbench.app.replay.ReplayView;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sessions.AgentSession;
import dev.sandbench.client.sessions.ReplayEvent;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.sandbench.app.WorkbenchFixture.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Sessions and their replay, driven like a user would, against a real agent run on the embedded engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayUiTest {
    private static final String SESSION = "ui-agent-run";
    private WorkbenchFixture f;
    private final FxRobot robot = new FxRobot();
    private Sandbox box;

    @BeforeAll
    void start() throws Exception {
        f = WorkbenchFixture.start();
        box = f.agent.sandboxes().create(CreateSandbox.builder().name("agent-run").build());
        ScriptedAgentRun.run(f.agent, box.id(), SESSION);
        f.waitUntil("the sandbox is listed", 20, () -> f.wb.explorer().find(box.id()) != null);
    }

    @AfterAll
    void stop() throws Exception {
        f.close();
    }

    private void fire(String action) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> f.wb.window().actions().get(action).fire()).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The replay in the selected tab; call on the FX thread. */
    private ReplayView cur() {
        return f.wb.window().replays().selected();
    }

    private void key(KeyCode code) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> cur().focus()).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(code);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private ReplayEvent selected() throws Exception {
        return onFx(() -> {
            ReplayView v = f.wb.window().replays().selected();
            int i = v.viewModel().selectedProperty().get();
            return i < 0 ? null : v.viewModel().model().event(i);
        });
    }

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void theAgentRunIsListedWithItsTotalsAndOpensAsAReplay() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> f.wb.window().explorerView().select(f.wb.explorer().find(box.id()))).get(5, TimeUnit.SECONDS);
        fire("view.sessions");
        int events = f.agent.sessions().replay(SESSION).size();
        f.waitUntil("the session is listed with its totals", 20, () -> f.wb.sessions().sessions().stream().anyMatch(s ->
                s.id().equals(SESSION) && s.eventCount() == events), () -> f.wb.sessions().sessions().toString());
        AgentSession s = onFx(() -> f.wb.sessions().sessions().stream().filter(x -> x.id().equals(SESSION)).findFirst().orElseThrow());
        assertThat(s.agentType()).isEqualTo("coder");
        assertThat(s.model()).isEqualTo("gpt-4o");
        assertThat(s.status()).isEqualTo("completed");
        assertThat(s.tokensIn() + s.tokensOut()).isEqualTo(ScriptedAgentRun.TOKENS);
        assertThat(s.costUsd()).isCloseTo(ScriptedAgentRun.COST, within(1e-9));
        f.waitUntil("the table shows the tokens", 10, () -> robot.lookup("#sessionTable .table-cell")
                .match(n -> n instanceof javafx.scene.control.Labeled l && "2,100".equals(l.getText())).tryQuery().isPresent());

        WaitForAsyncUtils.asyncFx(() -> {
            TableView<AgentSession> t = (TableView<AgentSession>) robot.lookup("#sessionTable").query();
            t.getItems().stream().filter(x -> x.id().equals(SESSION)).findFirst().ifPresent(x -> t.getSelectionModel().select(x));
        }).get(5, TimeUnit.SECONDS);
        robot.clickOn("#sessionsOpen");
        f.waitUntil("the replay opens", 20, () -> f.wb.window().replays().selected() != null);

        ReplayModel m = onFx(() -> cur().viewModel().model());
        List<String> types = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            types.add(m.event(i).type());
            if (i > 0) assertThat(m.display(i)).isGreaterThanOrEqualTo(m.display(i - 1));
        }
        assertThat(types).containsSubsequence("llm_call", "command", "file_write", "snapshot", "tool_call", "file_write",
                "error", "terminal_open", "terminal_io", "terminal_close", "llm_call", "command", "session_end");
        assertThat(m.lane(types.indexOf("llm_call"))).isEqualTo(Lane.LLM);
        assertThat(m.lane(types.indexOf("file_write"))).isEqualTo(Lane.FILE);
        assertThat(m.lane(types.indexOf("terminal_io"))).isEqualTo(Lane.TERMINAL);
        assertThat(m.totalCost()).isCloseTo(ScriptedAgentRun.COST, within(1e-9));
        assertThat(m.totalTokens()).isEqualTo(ScriptedAgentRun.TOKENS);
        // Opening it again brings the same tab to the front.
        robot.clickOn("#sessionsOpen");
        assertThat(onFx(() -> robot.lookup("#replayTab").queryAll().size())).isLessThanOrEqualTo(1);
    }

    @Test
    @Order(2)
    void steppingToAFileChangeShowsItsDiff() throws Exception {
        key(KeyCode.DIGIT0);
        ReplayEvent e = selected();
        int guard = 0;
        // ] moves from event to event; the second write of app.py is the one with a "before".
        while ((e == null || !(e.type().equals("file_write") && e.data().path("before").isTextual())) && guard++ < 40) {
            key(KeyCode.CLOSE_BRACKET);
            e = selected();
        }
        assertThat(e.type()).isEqualTo("file_write");
        String diff = onFx(() -> cur().diff().text());
        assertThat(diff).contains("-print('v1')").contains("+print('v2')").contains("+print('fixed')");
        f.screenshot("replay-file-diff");
    }

    @Test
    @Order(3)
    void eJumpsToTheError() throws Exception {
        key(KeyCode.DIGIT0);
        key(KeyCode.E);
        ReplayEvent e = selected();
        assertThat(e.type()).isEqualTo("error");
        f.waitUntil("the details show the error", 5, () -> robot.lookup("#replayDetailTitle").queryLabeled().getText()
                .contains("tests failed"));
    }

    @Test
    @Order(4)
    void playingReachesTheEndAndTheTerminalFollows() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> cur().viewModel().speedProperty().set(4)).get(5, TimeUnit.SECONDS);
        key(KeyCode.DIGIT0);
        java.util.concurrent.atomic.AtomicInteger frames = new java.util.concurrent.atomic.AtomicInteger();
        WaitForAsyncUtils.asyncFx(() -> cur().viewModel().playheadProperty().addListener((o, a, b) -> frames.incrementAndGet()))
                .get(5, TimeUnit.SECONDS);
        key(KeyCode.SPACE);
        f.waitUntil("playback reaches the end", 30, () -> !cur().viewModel().playingProperty().get()
                && cur().viewModel().playheadProperty().get() >= cur().viewModel().model().duration());
        // It played: many small steps, not one jump.
        assertThat(frames.get()).isGreaterThan(5);
        assertThat(selected().type()).isEqualTo("session_end");
        f.waitUntil("the terminal pane replayed the terminal", 10, () -> cur().terminalText().contains("from-terminal-42"),
                () -> cur().terminalText());
        // Back to the start: the terminal is reset to what had been written by then (nothing).
        key(KeyCode.DIGIT0);
        f.waitUntil("the terminal is back at the start", 10, () -> !cur().terminalText().contains("from-terminal-42"));
    }

    @Test
    @Order(5)
    void forkFromHereCreatesASandboxWithTheFilesAsTheyWereThen() throws Exception {
        key(KeyCode.DIGIT0);
        key(KeyCode.E); // the error: after the second write of app.py, before the terminal
        assertThat(selected().type()).isEqualTo("error");
        int before = onFx(() -> f.wb.explorer().items().size());
        robot.clickOn("#replayFork");
        f.waitUntil("the plan is shown", 20, () -> robot.lookup("#travelConfirm").tryQuery().isPresent());
        String plan = onFx(() -> ((javafx.scene.control.DialogPane) robot.lookup("#travelConfirm").query()).getContentText());
        assertThat(plan).contains("snapshot").contains("1 recorded file change").contains("exactly as they were");
        robot.clickOn("Fork");
        f.waitUntil("the fork appears in the explorer", 30, () -> f.wb.explorer().items().size() > before);
        f.waitUntil("the explorer selects the fork", 10, () -> f.wb.explorer().selectedProperty().get() != null
                && !f.wb.explorer().selectedProperty().get().id().equals(box.id()));
        String fork = onFx(() -> f.wb.explorer().selectedProperty().get().id());
        assertThat(f.agent.files().readText(fork, "/workspace/app.py")).isEqualTo(ScriptedAgentRun.V2);
        // The source went on; the fork is as it was at the error.
        assertThat(f.agent.sandboxes().get(fork).labels()).containsEntry("forked_from", box.id());
    }

    @Test
    @Order(6)
    void anExportedSessionDroppedOnTheWindowReplaysOffline() throws Exception {
        Path file = f.home.resolve("exported-run.json");
        Files.writeString(file, f.agent.sessions().exportJson(SESSION).toString());
        Path junk = f.home.resolve("not-a-session.json");
        Files.writeString(junk, "{\"hello\": 1}");
        TestDrops.drop(robot.lookup("#centreTabs").query(), List.of(file.toFile()));
        f.waitUntil("the offline replay opens", 20, () -> f.wb.window().replays().selected() != null
                && f.wb.window().replays().selected().viewModel().model().size() > 0
                && robot.lookup("#replayRestore").queryButton().isDisabled());
        ReplayModel offline = onFx(() -> cur().viewModel().model());
        assertThat(offline.size()).isEqualTo(f.agent.sessions().replay(SESSION).size());
        assertThat(offline.totalCost()).isCloseTo(ScriptedAgentRun.COST, within(1e-9));
        // A file that is not an exported session says so, and nothing else changes.
        TestDrops.drop(robot.lookup("#centreTabs").query(), List.of(junk.toFile()));
        f.waitUntil("the bad file is refused with the reason", 20, () -> f.wb.notifier().notices().stream()
                .anyMatch(n -> n.toString().contains("not an exported Sandbench session")), () -> f.wb.notifier().notices().toString());
    }
}
