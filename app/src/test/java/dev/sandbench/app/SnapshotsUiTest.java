package dev.sandbench.app;

import dev.sandbench.app.alerts.AlertEntry;
import dev.sandbench.app.notify.Notice;
import dev.sandbench.client.exec.ExecRequest;
import dev.sandbench.client.exec.ExecResult;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.snapshots.Snapshot;
import javafx.scene.control.Label;
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
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.sandbench.app.WorkbenchFixture.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/** The snapshot manager and the alerts bell, driven like a user would, against the real embedded engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotsUiTest {
    private static final String NOTE = "/workspace/note.txt";
    private WorkbenchFixture f;
    private final FxRobot robot = new FxRobot();
    private Sandbox source;

    @BeforeAll
    void start() throws Exception {
        f = WorkbenchFixture.start();
        source = f.agent.sandboxes().create(CreateSandbox.builder().name("snap-source").build());
        f.agent.files().writeText(source.id(), NOTE, "as snapshotted");
        f.waitUntil("the sandbox is listed", 20, () -> f.wb.explorer().find(source.id()) != null);
    }

    @AfterAll
    void stop() throws Exception {
        f.close();
    }

    private void selectSource() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> f.wb.window().explorerView().select(f.wb.explorer().find(source.id()))).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        f.waitUntil("the snapshots panel follows the selection", 10,
                () -> f.wb.snapshots().itemProperty().get() != null && f.wb.snapshots().itemProperty().get().id().equals(source.id()));
        fire("view.snapshots");
    }

    private void fire(String action) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> f.wb.window().actions().get(action).fire()).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Snapshot listed(String name) throws Exception {
        return onFx(() -> f.wb.snapshots().snapshots().stream().filter(s -> name.equals(s.name())).findFirst().orElse(null));
    }

    @SuppressWarnings("unchecked")
    private void pick(String name) throws Exception {
        f.waitUntil(name + " is listed", 20, () -> f.wb.snapshots().snapshots().stream().anyMatch(s -> name.equals(s.name())));
        WaitForAsyncUtils.asyncFx(() -> {
            TableView<Snapshot> t = (TableView<Snapshot>) robot.lookup("#snapshotTable").query();
            t.getItems().stream().filter(s -> name.equals(s.name())).findFirst().ifPresent(s -> t.getSelectionModel().select(s));
        }).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void confirm() throws Exception {
        f.waitUntil("the confirmation asks", 10, () -> robot.lookup("#confirmYes").tryQuery().isPresent());
        robot.clickOn("#confirmYes");
        f.waitUntil("the confirmation closes", 10, () -> robot.lookup("#confirmDialog").tryQuery().isEmpty());
    }

    @Test
    @Order(1)
    void takesASnapshotWithANameAndDescriptionAndListsIt() throws Exception {
        selectSource();
        robot.clickOn("#snapshots-sandbox-snapshot");
        f.waitUntil("the snapshot dialog opens", 10, () -> robot.lookup("#snapshotNameField").tryQuery().isPresent());
        robot.doubleClickOn("#snapshotNameField").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write("before-change");
        robot.clickOn("#snapshotDescriptionField").write("the note as first written");
        robot.clickOn("#createSnapshotSubmit");
        f.waitUntil("the snapshot is listed as completed", 30, () -> f.wb.snapshots().snapshots().stream()
                .anyMatch(s -> "before-change".equals(s.name()) && s.completed()), () -> f.wb.snapshots().snapshots().toString());
        Snapshot s = listed("before-change");
        assertThat(s.description()).isEqualTo("the note as first written");
        assertThat(s.sizeBytes()).isPositive();
        assertThat(f.agent.snapshots().list(source.id())).extracting(Snapshot::name).contains("before-change");
        f.waitUntil("the table shows it", 10, () -> robot.lookup("#snapshotTable .table-cell")
                .match(n -> n instanceof javafx.scene.control.Labeled l && "before-change".equals(l.getText())).tryQuery().isPresent());
    }

    @Test
    @Order(2)
    void restoringPutsTheSnapshotsFilesBack() throws Exception {
        f.agent.files().writeText(source.id(), NOTE, "changed since");
        f.agent.files().writeText(source.id(), "/workspace/added.txt", "new file");
        selectSource();
        pick("before-change");
        robot.clickOn("#snapshots-snapshot-restore");
        confirm();
        f.waitUntil("the note is back", 30, () -> {
            try {
                return "as snapshotted".equals(f.agent.files().readText(source.id(), NOTE));
            } catch (RuntimeException e) {
                return false;
            }
        });
        f.waitUntil("the restore finishes", 10, () -> !f.wb.snapshots().busy());
        assertThat(f.agent.files().list(source.id(), "/workspace")).extracting(e -> e.name()).doesNotContain("added.txt");
    }

    @Test
    @Order(3)
    void forksASnapshotIntoANewSandboxThatAppearsInTheExplorer() throws Exception {
        selectSource();
        pick("before-change");
        robot.clickOn("#snapshots-snapshot-fork");
        f.waitUntil("the fork dialog opens", 10, () -> robot.lookup("#forkDialog").tryQuery().isPresent());
        robot.clickOn("#forkDialog .text-field").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL)
                .write("forked-copy").type(KeyCode.ENTER);
        f.waitUntil("the fork is listed in the explorer", 30, () -> f.wb.explorer().items().stream()
                .anyMatch(i -> "forked-copy".equals(i.sandbox().name())));
        String id = onFx(() -> f.wb.explorer().items().stream().filter(i -> "forked-copy".equals(i.sandbox().name()))
                .findFirst().orElseThrow().id());
        assertThat(f.agent.files().readText(id, NOTE)).isEqualTo("as snapshotted");
    }

    @Test
    @Order(4)
    void downloadsTheArchiveAndImportsItAsANewSnapshot() throws Exception {
        selectSource();
        Snapshot s = listed("before-change");
        Path file = f.home.resolve("before-change." + s.format());
        Path[] got = {null};
        WaitForAsyncUtils.asyncFx(() -> f.wb.snapshots().download(s, file, p -> got[0] = p)).get(5, TimeUnit.SECONDS);
        f.waitUntil("the archive is saved", 30, () -> got[0] != null);
        assertThat(Files.size(file)).isEqualTo(s.sizeBytes());

        Path copy = Files.copy(file, f.home.resolve("imported-copy." + s.format()));
        WaitForAsyncUtils.asyncFx(() -> f.wb.snapshots().importArchive(copy, snap -> { })).get(5, TimeUnit.SECONDS);
        f.waitUntil("the imported snapshot is listed", 30, () -> f.wb.snapshots().snapshots().stream()
                .anyMatch(x -> "imported-copy".equals(x.name()) && x.completed()), () -> f.wb.snapshots().snapshots().toString());
    }

    @Test
    @Order(5)
    void deleteInTheSnapshotTableDeletesTheSnapshotAfterAskingNotTheSandbox() throws Exception {
        selectSource();
        pick("imported-copy");
        String id = listed("imported-copy").id();
        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#snapshotTable").query().requestFocus()).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.DELETE);
        confirm();
        f.waitUntil("the snapshot leaves the list", 20, () -> f.wb.snapshots().snapshots().stream().noneMatch(x -> x.id().equals(id)));
        assertThat(f.agent.snapshots().list(source.id())).extracting(Snapshot::id).doesNotContain(id);
        assertThat(f.agent.sandboxes().get(source.id()).id()).isEqualTo(source.id());
    }

    @Test
    @Order(6)
    void aMemoryKillRingsTheBellListsTheAlertAndMarkReadQuietsIt() throws Exception {
        long before = onFx(() -> f.wb.alerts().unreadProperty().get());
        Sandbox small = f.agent.sandboxes().create(CreateSandbox.builder().name("tiny").memoryMb(64).build());
        ExecResult r = f.agent.exec().run(small.id(), ExecRequest.of("python3 -c 'b = bytearray(300 * 1024 * 1024); print(len(b))'")
                .timeout(Duration.ofSeconds(30)));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(137);

        f.waitUntil("the bell counts the alert", 30, () -> f.wb.alerts().unreadProperty().get() > before);
        f.waitUntil("the bell shows the count", 10, () -> {
            Label l = (Label) robot.lookup("#alertsUnread").query();
            return l.isVisible() && Long.parseLong(l.getText()) > before;
        });
        f.waitUntil("a toast says so", 10, () -> f.wb.notifier().notices().stream()
                .anyMatch(n -> n.severity() == Notice.Severity.WARNING && n.title().contains("oom_kill")));

        robot.clickOn("#alertsBell");
        f.waitUntil("the alerts tab shows", 10, () -> "alertsTab".equals(
                f.wb.window().bottomTabs().getSelectionModel().getSelectedItem().getId()));
        f.waitUntil("the alert is listed, unread", 20, () -> f.wb.alerts().entries().stream()
                .anyMatch(e -> small.id().equals(e.alert().sandboxId()) && "oom_kill".equals(e.alert().type()) && e.unread()));
        long unread = onFx(() -> f.wb.alerts().unreadProperty().get());
        WaitForAsyncUtils.asyncFx(() -> f.wb.alerts().entries().stream().filter(e -> small.id().equals(e.alert().sandboxId()))
                .findFirst().ifPresent(e -> f.wb.alerts().selectedProperty().set(e))).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#alerts-alerts-markRead");
        f.waitUntil("the count goes down", 20, () -> f.wb.alerts().unreadProperty().get() == unread - 1);
        f.waitUntil("the alert reads as read", 10, () -> f.wb.alerts().entries().stream()
                .filter(e -> small.id().equals(e.alert().sandboxId())).noneMatch(AlertEntry::unread));

        robot.clickOn("#alerts-alerts-resolve");
        f.waitUntil("the alert is resolved", 20, () -> f.wb.alerts().entries().stream()
                .filter(e -> small.id().equals(e.alert().sandboxId())).allMatch(e -> e.alert().resolved()));
        assertThat(f.agent.alerts().list(true, small.id(), null, null)).hasSize(1);
    }

    @Test
    @Order(7)
    void comparesASnapshotWithTheCurrentFilesAndWithAnotherSnapshot() throws Exception {
        f.agent.files().writeText(source.id(), "/workspace/cmp.py", "a = 1\nb = 2\nc = 3\n");
        f.agent.files().writeText(source.id(), "/workspace/gone.txt", "bye\n");
        f.agent.snapshots().create(source.id(), "cmp-before", null);
        f.agent.files().writeText(source.id(), "/workspace/cmp.py", "a = 1\nb = 20\nc = 3\n");
        f.agent.files().writeText(source.id(), "/workspace/new.txt", "hello\n");
        f.agent.files().delete(source.id(), "/workspace/gone.txt", false);
        selectSource();
        fire("snapshot.refresh");
        pick("cmp-before");
        robot.clickOn("#snapshots-snapshot-compare");
        f.waitUntil("the comparison lists the changes", 20, () -> robot.lookup("#compareSummary").tryQuery().isPresent()
                && robot.lookup("#compareSummary").queryLabeled().getText().contains("1 added, 1 modified, 1 deleted"),
                () -> robot.lookup("#compareSummary").tryQuery().map(n -> ((Label) n).getText()).orElse("(no view)"));
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<dev.sandbench.client.snapshots.SnapshotDiff.Change> list =
                (javafx.scene.control.ListView<dev.sandbench.client.snapshots.SnapshotDiff.Change>) robot.lookup("#compareChanges").query();
        assertThat(onFx(() -> list.getItems().stream().map(c -> c.change() + " " + c.path()).toList()))
                .containsExactly("modified /workspace/cmp.py", "deleted /workspace/gone.txt", "added /workspace/new.txt");
        WaitForAsyncUtils.asyncFx(() -> list.getSelectionModel().select(0)).get(5, TimeUnit.SECONDS);
        f.waitUntil("the file's diff is shown", 20, () -> {
            var v = robot.lookup("#diffUnified").tryQuery();
            return v.isPresent() && ((javafx.scene.control.ListView<?>) v.get()).getItems().toString().contains("b = 20");
        });
        String text = onFx(() -> ((javafx.scene.control.ListView<?>) robot.lookup("#diffUnified").query()).getItems().toString());
        assertThat(text).contains("REMOVED, oldLine=2, newLine=0, text=b = 2]").contains("ADDED, oldLine=0, newLine=2, text=b = 20]");
        f.screenshot("snapshot-compare");

        // Against a later snapshot of the same state: nothing differs from it but the base's changes.
        f.agent.snapshots().create(source.id(), "cmp-after", null);
        fire("snapshot.refresh");
        f.waitUntil("the new snapshot is listed", 20, () -> f.wb.snapshots().snapshots().stream().anyMatch(x -> "cmp-after".equals(x.name())));
        pick("cmp-after");
        robot.clickOn("#snapshots-snapshot-compare");
        f.waitUntil("no differences from now", 20, () -> robot.lookup("#compareSummary").queryAll().stream()
                .anyMatch(n -> ((Label) n).getText().equals("No differences.")));
    }

    @Test
    @Order(8)
    void onASharedEngineRestoreAsksTwice() throws Exception {
        f.agent.snapshots().create(source.id(), "shared-restore", null);
        f.agent.files().writeText(source.id(), NOTE, "changed on a shared engine");
        String url = onFx(() -> f.wb.connections().active().profile().url());
        String key = Files.readString(adminKey()).strip();
        WaitForAsyncUtils.asyncFx(() -> f.wb.connections().add("team engine", url, key, "#d29922", true)).get(5, TimeUnit.SECONDS);
        f.waitUntil("the shared connection is active and loaded", 30, () -> f.wb.connections().active() != null
                && f.wb.connections().active().profile().shared()
                && f.wb.connections().active().status() == dev.sandbench.app.connection.ConnectionStatus.CONNECTED
                && f.wb.explorer().loadedProperty().get() && f.wb.explorer().find(source.id()) != null);
        selectSource();
        pick("shared-restore");
        robot.clickOn("#snapshots-snapshot-restore");
        f.waitUntil("the first question", 10, () -> robot.lookup("#confirmYes").tryQuery().isPresent());
        robot.clickOn("#confirmYes");
        f.waitUntil("the second question names the shared engine", 10, () -> robot.lookup("#confirmDialog .content")
                .match(n -> n instanceof Label l && l.getText().contains("team engine is a shared engine")).tryQuery().isPresent());
        assertThat(f.agent.files().readText(source.id(), NOTE)).isEqualTo("changed on a shared engine");
        robot.clickOn("#confirmYes");
        f.waitUntil("the note is back after the second yes", 30, () -> "as snapshotted".equals(
                f.agent.files().readText(source.id(), NOTE)));
    }

    private Path adminKey() throws Exception {
        try (var walk = Files.walk(f.home)) {
            return walk.filter(p -> p.getFileName().toString().equals("admin.key")).findFirst().orElseThrow();
        }
    }
}
