package dev.sandbench.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.sandbench.app.connection.ConnectionStatus;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.client.NotFoundException;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sandboxes.SandboxStatus;
import dev.sandbench.terminal.TerminalView;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
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

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.sandbench.app.WorkbenchFixture.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real app against its real embedded engine, driven like a user would. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchUiTest {
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

    private Node node(String query) {
        return robot.lookup(query).query();
    }

    private String text(String query) throws Exception {
        return onFx(() -> ((Label) node(query)).getText());
    }

    private void select(SandboxItem item) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> f.wb.window().explorerView().select(item)).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    @Order(1)
    void firstStartShowsTheEmptyStateWithAWayToCreateASandbox() throws Exception {
        assertThat(onFx(() -> node("#emptyState").isVisible())).isTrue();
        assertThat(onFx(() -> node("#createFirstSandbox").isVisible())).isTrue();
        assertThat(text("#connectionStatus")).isEqualTo("Connected");
        assertThat(robot.lookup("#problemBanner").tryQuery()).isEmpty();
    }

    @Test
    @Order(2)
    void createsASandboxThroughTheDialogAndListsIt() throws Exception {
        robot.clickOn("#createFirstSandbox");
        f.waitUntil("the dialog shows templates", 20, () -> robot.lookup("#templateField").tryQuery().isPresent());
        robot.clickOn("#nameField").write("from-dialog");
        robot.doubleClickOn("#memoryField").write("256");
        robot.clickOn("#createSandboxSubmit");
        f.waitUntil("the new sandbox is listed", 30, () -> f.wb.explorer().items().stream()
                .anyMatch(i -> "from-dialog".equals(i.sandbox().name())));
        f.waitUntil("the dialog closes", 10, () -> robot.lookup("#createSandboxDialog").tryQuery().isEmpty());
        Sandbox s = f.agent.sandboxes().list().stream().filter(x -> "from-dialog".equals(x.name())).findFirst().orElseThrow();
        assertThat(s.memoryMb()).isEqualTo(256);
        assertThat(s.status()).isEqualTo(SandboxStatus.RUNNING);
        assertThat(onFx(() -> node("#emptyState").isVisible())).isFalse();
    }

    @Test
    @Order(3)
    void theDialogRefusesBadInputBeforeSendingIt() throws Exception {
        int before = f.agent.sandboxes().list().size();
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        f.waitUntil("the dialog shows templates", 20, () -> robot.lookup("#templateField").tryQuery().isPresent());
        robot.doubleClickOn("#memoryField").write("lots");
        robot.clickOn("#envField").write("not a variable");
        robot.clickOn("#createSandboxSubmit");
        String errors = text("#createErrors");
        assertThat(errors).contains("Memory (MB): \"lots\" is not a number").contains("is not KEY=value");
        robot.clickOn("Cancel");
        assertThat(f.agent.sandboxes().list()).hasSize(before);
    }

    @Test
    @Order(4)
    void aSandboxCreatedByAnAgentAppearsWithoutARefresh() throws Exception {
        Sandbox s = f.agent.sandboxes().create(CreateSandbox.builder().name("from-agent").build());
        f.waitUntil("the agent's sandbox is listed", 10, () -> f.wb.explorer().find(s.id()) != null);
        f.agent.sandboxes().destroy(s.id());
        f.waitUntil("the destroyed sandbox leaves the list", 10, () -> f.wb.explorer().find(s.id()) == null);
    }

    @Test
    @Order(4)
    void aSandboxMadeThroughCagesApiShowsWhichApiInItsRow() throws Exception {
        // What CAGE's Python SDK sends: its ApiKey scheme, here with the engine's own key.
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.engineUrl + "/api/v1/execute"))
                        .header("Authorization", "ApiKey " + f.adminKey).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"code\":\"print(1)\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Sandbox made = f.agent.sandboxes().list().stream().filter(s -> "cage".equals(s.labels().get("sandbench.api")))
                .findFirst().orElseThrow();
        f.waitUntil("the CAGE sandbox's row shows its badge", 10, () -> robot.lookup(".sandbox-api").queryAll().stream()
                .anyMatch(n -> n.isVisible() && "CAGE".equals(((Label) n).getText())));
        f.screenshot("explorer with a CAGE sandbox");
        f.agent.sandboxes().destroy(made.id());
        f.waitUntil("the CAGE sandbox leaves the list", 10, () -> f.wb.explorer().find(made.id()) == null);
    }

    @Test
    @Order(5)
    void pausesResumesAndDestroysFromTheContextMenu() throws Exception {
        Sandbox s = f.agent.sandboxes().create(CreateSandbox.builder().name("ctx-target").build());
        f.waitUntil("listed", 10, () -> f.wb.explorer().find(s.id()) != null);
        select(f.item(s.id()));
        openContextMenu("ctx-target");
        robot.clickOn("Pause"); // menu items are not nodes; their labels are
        waitForStatus(s.id(), SandboxStatus.PAUSED);

        select(f.item(s.id()));
        openContextMenu("ctx-target");
        robot.clickOn("Resume");
        waitForStatus(s.id(), SandboxStatus.RUNNING);

        select(f.item(s.id()));
        openContextMenu("ctx-target");
        robot.clickOn("Destroy…");
        f.waitUntil("the confirmation asks", 10, () -> robot.lookup("#confirmYes").tryQuery().isPresent());
        robot.clickOn("#confirmYes");
        f.waitUntil("the sandbox leaves the list", 20, () -> f.wb.explorer().find(s.id()) == null);
        assertThatThrownBy(() -> f.agent.sandboxes().get(s.id())).isInstanceOf(NotFoundException.class);
    }

    private void openContextMenu(String name) throws Exception {
        Node row = row(name);
        robot.rightClickOn(row);
        if ("Headless".equals(System.getProperty("monocle.platform"))) {
            // Headless Monocle delivers the right click but never turns it into a context-menu
            // request (a real display does: run with -Dui.display under xvfb-run). Ask as the OS would.
            WaitForAsyncUtils.asyncFx(() -> {
                var b = row.localToScreen(row.getBoundsInLocal());
                var local = row.getBoundsInLocal();
                javafx.event.Event.fireEvent(row, new javafx.scene.input.ContextMenuEvent(
                        javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, local.getCenterX(), local.getCenterY(),
                        b.getCenterX(), b.getCenterY(), false, null));
            }).get(5, TimeUnit.SECONDS);
        }
        f.waitUntil("the context menu opens", 5, () -> robot.lookup(".context-menu").tryQuery().isPresent());
    }

    /** The explorer row showing this name. */
    private Node row(String name) {
        return robot.lookup(".sandbox-name").match(n -> name.equals(((Label) n).getText())).<Node>query();
    }

    private void waitForStatus(String id, SandboxStatus status) throws Exception {
        f.waitUntil(id + " is " + status + " in the explorer", 20, () -> {
            SandboxItem i = f.wb.explorer().find(id);
            return i != null && i.sandbox().status() == status;
        });
        assertThat(f.agent.sandboxes().get(id).status()).isEqualTo(status);
    }

    @Test
    @Order(6)
    void aTerminalRunsTypedCommandsInTheSandbox() throws Exception {
        Sandbox s = f.agent.sandboxes().create(CreateSandbox.builder().name("term").build());
        f.waitUntil("listed", 10, () -> f.wb.explorer().find(s.id()) != null);
        select(f.item(s.id()));
        robot.press(KeyCode.CONTROL).type(KeyCode.T).release(KeyCode.CONTROL);
        f.waitUntil("a terminal tab opens", 10, () -> f.wb.window().terminals().current() != null);
        TerminalView term = onFx(() -> f.wb.window().terminals().current());
        f.waitUntil("the shell prompt shows", 20, () -> term.screenText().contains("$") || term.screenText().contains("#"));
        robot.clickOn(".sandbox-terminal");
        robot.write("echo hi");
        robot.type(KeyCode.ENTER);
        f.waitUntil("hi is printed on its own line", 20, () -> term.screenText().lines().anyMatch(l -> l.strip().equals("hi")),
                () -> term.screenText() + "\nfocus: " + term.node().getScene().getFocusOwner());

        // The shell ending shows why, and Reconnect opens a new one.
        robot.write("exit 7");
        robot.type(KeyCode.ENTER);
        f.waitUntil("the terminal says it ended", 20, () -> term.stateProperty().get() == TerminalView.State.DISCONNECTED);
        assertThat(onFx(() -> term.statusProperty().get())).isEqualTo("Shell exited with code 7");
        robot.clickOn("Reconnect");
        f.waitUntil("a new shell is connected", 20, () -> term.stateProperty().get() == TerminalView.State.CONNECTED
                && (term.screenText().contains("$") || term.screenText().contains("#")));
        robot.clickOn(".sandbox-terminal");
        robot.write("echo again-$((6*7))");
        robot.type(KeyCode.ENTER);
        f.waitUntil("the new shell answers", 20, () -> term.screenText().contains("again-42"));

        // Closing the tab ends the shell in the sandbox.
        WaitForAsyncUtils.asyncFx(() -> {
            var tabs = f.wb.window().bottomTabs();
            var tab = tabs.getSelectionModel().getSelectedItem();
            tabs.getTabs().remove(tab);
            tab.getOnClosed().handle(null);
        }).get(5, TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + 15_000;
        String ps;
        do {
            ps = f.agent.exec().run(s.id(), "ps -eo args").stdout();
        } while (ps.contains("bash -i") && System.currentTimeMillis() < deadline);
        assertThat(ps).doesNotContain("bash -i");
    }

    @Test
    @Order(7)
    void switchesThemeLiveAndRemembersIt() throws Exception {
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(new PrimerLight().getUserAgentStylesheet());
        robot.clickOn("#statusBar");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.L).release(KeyCode.SHIFT, KeyCode.CONTROL);
        f.waitUntil("the dark theme is on", 5, () -> new PrimerDark().getUserAgentStylesheet().equals(Application.getUserAgentStylesheet()));
        var settings = f.wb.options().paths().configDir().resolve("settings.json");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(settings) && Files.readString(settings).contains("\"dark\""));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.L).release(KeyCode.SHIFT, KeyCode.CONTROL);
        f.waitUntil("the light theme is back", 5, () -> new PrimerLight().getUserAgentStylesheet().equals(Application.getUserAgentStylesheet()));
    }

    @Test
    @Order(8)
    void anUnreachableRemoteShowsItsStatusWithoutFreezingTheWindow() throws Exception {
        // A stalled engine: accepts connections and never answers.
        List<Socket> held = new ArrayList<>();
        try (ServerSocket stalled = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) held.add(stalled.accept());
                } catch (Exception ignored) {
                    // closed
                }
            }, "stalled-engine");
            acceptor.setDaemon(true);
            acceptor.start();
            robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.K).release(KeyCode.SHIFT, KeyCode.CONTROL);
            robot.clickOn("#newConnectionName").write("stalled");
            robot.clickOn("#newConnectionUrl").write("http://127.0.0.1:" + stalled.getLocalPort());
            robot.clickOn("#newConnectionKey").write("sk-whatever");
            robot.clickOn("#addConnection");
            f.waitUntil("the remote connection is active", 10, () -> "stalled".equals(f.wb.connections().active().profile().name()));
            // While the engine stalls, the window keeps answering.
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                onFx(() -> node("#statusBar").isVisible());
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("an FX round trip").isLessThan(2_000);
                Thread.sleep(100);
            }
            f.waitUntil("it is reported unreachable", 60, () -> f.wb.connections().active().status() == ConnectionStatus.UNREACHABLE);
            assertThat(text("#connectionStatus")).isEqualTo("Unreachable");
            // Back to the local engine, which is still there.
            WaitForAsyncUtils.asyncFx(() -> f.wb.window().actions().get("connection.local").fire()).get(5, TimeUnit.SECONDS);
            f.waitUntil("the local engine is connected again", 30, () -> f.wb.connections().active().profile().isEmbedded()
                    && f.wb.connections().active().status() == ConnectionStatus.CONNECTED);
        } finally {
            for (Socket s : held) s.close();
        }
    }
}
