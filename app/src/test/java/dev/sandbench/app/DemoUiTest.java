package dev.sandbench.app;

import dev.sandbench.app.demo.DemoAgent;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.replay.ReplayModel;
import dev.sandbench.app.replay.ReplayView;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.sandbench.app.WorkbenchFixture.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A new user's first minute: an empty workbench, Run the demo agent, and the replay of what it did. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoUiTest {
    private WorkbenchFixture f;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    void start() throws Exception {
        f = WorkbenchFixture.start();
    }

    @AfterAll
    void stop() throws Exception {
        f.close();
    }

    @Test
    @Order(1)
    void runTheDemoAgentFromTheEmptyExplorerOpensTheReplayOfItsSession() throws Exception {
        assertThat(onFx(() -> robot.lookup("#emptyState").query().isVisible())).isTrue();
        assertThat(onFx(() -> robot.lookup("#start-demo-run").queryButton().isDisabled())).isFalse();
        // Everything the start page's progress line shows, as the user would have read it.
        List<String> shown = Collections.synchronizedList(new ArrayList<>());
        WaitForAsyncUtils.asyncFx(() -> ((Label) robot.lookup("#demoProgress").query()).textProperty()
                .addListener((o, a, b) -> shown.add(b))).get(5, TimeUnit.SECONDS);

        robot.clickOn("#runDemoAgent");
        f.waitUntil("the demo agent is at work and the start page says so", 20, () -> f.wb.demo().runningProperty().get()
                && f.wb.window().centreTabs().getSelectionModel().getSelectedItem().getId().equals("startTab")
                && robot.lookup("#demoProgress").queryAs(Label.class).isVisible());
        assertThat(onFx(() -> f.wb.window().actions().get("demo.run").isEnabled())).as("one run at a time").isFalse();

        f.waitUntil("the replay of the demo's session opens with its events", 90, () -> {
            ReplayView v = f.wb.window().replays().selected();
            return v != null && v.viewModel().model().size() > 0;
        }, () -> String.join("\n", shown) + "\n" + f.wb.notifier().notices());
        assertThat(shown).contains("Demo agent: running the tests\u2026", "Demo agent: running the tests again\u2026");
        assertThat(onFx(() -> robot.lookup("#demoProgress").queryAs(Label.class).getText())).startsWith("Demo agent: done.");

        ReplayModel m = onFx(() -> f.wb.window().replays().selected().viewModel().model());
        List<String> types = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) types.add(m.event(i).type());
        assertThat(types).containsSubsequence("llm_call", "file_write", "tool_call", "file_write", "tool_call", "command",
                "tool_call", "llm_call", "snapshot", "tool_call", "file_write", "tool_call", "command", "tool_call", "llm_call",
                "session_end");
        assertThat(m.totalCost()).isCloseTo(DemoAgent.COST_USD, within(1e-9));
        assertThat(m.totalTokens()).isEqualTo(DemoAgent.TOKENS_IN + DemoAgent.TOKENS_OUT);
        // The failing test run is the replay's error.
        assertThat(m.errorCount()).isEqualTo(1);
        assertThat(m.event(m.nextError(-1)).data().path("exit_code").asInt()).isEqualTo(1);

        // Its sandbox is selected and listed with the session in the Sessions tab.
        SandboxItem selected = onFx(() -> f.wb.explorer().selectedProperty().get());
        assertThat(selected).isNotNull();
        assertThat(selected.sandbox().name()).isEqualTo(DemoAgent.AGENT);
        assertThat(onFx(() -> f.wb.window().bottomTabs().getSelectionModel().getSelectedItem().getId())).isEqualTo("sessionsTab");
        f.waitUntil("the Sessions tab lists the demo's session, completed", 20, () -> f.wb.sessions().sessions().stream()
                .anyMatch(s -> DemoAgent.AGENT.equals(s.agentType()) && s.status().equals("completed")));
        assertThat(onFx(() -> f.wb.window().actions().get("demo.run").isEnabled())).isTrue();
        f.screenshot("demo-replay");
    }

    @Test
    @Order(2)
    void theCommandPaletteOffersTheDemo() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> f.wb.window().actions().get("view.palette").fire()).get(5, TimeUnit.SECONDS);
        f.waitUntil("the palette opens", 10, () -> robot.lookup("#paletteQuery").tryQuery().isPresent());
        robot.clickOn("#paletteQuery").write("demo agent");
        f.waitUntil("the palette finds the demo", 10, () -> {
            ListView<?> list = robot.lookup("#paletteList").queryAs(ListView.class);
            return list.getItems().size() == 1 && list.getItems().get(0) == f.wb.window().actions().get("demo.run");
        });
        robot.type(KeyCode.ESCAPE);
    }
}
