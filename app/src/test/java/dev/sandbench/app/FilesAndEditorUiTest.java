package dev.sandbench.app;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.Toolkit;
import dev.sandbench.app.editor.CodeEditor;
import dev.sandbench.app.files.TransferItem;
import dev.sandbench.client.files.FileEntry;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.Sandbox;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.sandbench.app.WorkbenchFixture.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file browser and the editor of the real app, against the real embedded engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilesAndEditorUiTest {
    private WorkbenchFixture f;
    private final FxRobot robot = new FxRobot();
    private Sandbox sandbox;
    private Path local;

    @BeforeAll
    void start() throws Exception {
        f = WorkbenchFixture.start();
        sandbox = f.agent.sandboxes().create(CreateSandbox.builder().name("files").template("python").build());
        f.waitUntil("listed", 10, () -> f.wb.explorer().find(sandbox.id()) != null);
        WaitForAsyncUtils.asyncFx(() -> f.wb.window().explorerView().select(f.wb.explorer().find(sandbox.id()))).get(5, TimeUnit.SECONDS);
        f.waitUntil("the file browser shows /workspace", 10, () -> f.wb.files().sandboxProperty().get() != null
                && f.wb.window().fileBrowser().tree().getRoot() != null);
        local = Files.createTempDirectory("sandbench-drop-");
    }

    @AfterAll
    void stop() throws Exception {
        f.close();
    }

    private boolean listed(String name) {
        TreeItem<FileEntry> root = f.wb.window().fileBrowser().tree().getRoot();
        return root != null && root.getChildren().stream().anyMatch(i -> i.getValue() != null && name.equals(i.getValue().name()));
    }

    /** The row showing {@code name}, scrolled into view (only rows on screen can be clicked). */
    private Node row(String name) throws Exception {
        f.waitUntil(name + " is on screen", 10, () -> {
            scrollTo(name);
            return robot.lookup(".file-cell").match(n -> n instanceof javafx.scene.control.TreeCell<?> c && n.isVisible()
                    && !c.isEmpty() && c.getItem() instanceof FileEntry e && name.equals(e.name())).tryQuery().isPresent();
        }, this::children);
        return robot.lookup(".file-cell").match(n -> n instanceof javafx.scene.control.TreeCell<?> c && n.isVisible()
                && !c.isEmpty() && c.getItem() instanceof FileEntry e && name.equals(e.name())).<Node>query();
    }

    /** Scrolls the tree to the row of {@code name} (on the FX thread). */
    private void scrollTo(String name) {
        var tree = f.wb.window().fileBrowser().tree();
        for (TreeItem<FileEntry> i : tree.getRoot().getChildren()) {
            if (i.getValue() != null && name.equals(i.getValue().name())) tree.scrollTo(tree.getRow(i));
        }
        tree.layout();
    }


    private void dropFiles(Node target, List<File> files) throws Exception {
        TestDrops.drop(target, files);
    }

    private String children() {
        TreeItem<FileEntry> root = f.wb.window().fileBrowser().tree().getRoot();
        return root == null ? "(no root)" : root.getChildren().stream().map(i -> i.getValue() == null ? "null" : i.getValue().name()).toList()
                + " transfers " + f.wb.files().transfers().items().stream().map(i -> i.name() + ":" + i.state() + ":" + i.detailProperty().get()).toList()
                + " notices " + f.wb.notifier().notices();
    }

    private boolean allTransfersDone() {
        var items = f.wb.files().transfers().items();
        return !items.isEmpty() && items.stream().allMatch(i -> i.state() != TransferItem.State.RUNNING);
    }

    @Test
    @Order(1)
    void uploadsFilesAndAFolderDroppedOnTheTree() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(big);
        Path data = Files.write(local.resolve("data.bin"), big);
        Path proj = Files.createDirectories(local.resolve("proj/src"));
        Files.writeString(proj.resolve("main.py"), "print('from the folder')\n");
        Files.writeString(local.resolve("proj/README.md"), "# proj\n");

        dropFiles(f.wb.window().fileBrowser().tree(), List.of(data.toFile(), local.resolve("proj").toFile()));
        f.waitUntil("both transfers finish", 60, this::allTransfersDone, this::children);
        assertThat(onFx(() -> f.wb.files().transfers().items().stream().map(TransferItem::state).toList()))
                .containsOnly(TransferItem.State.DONE);
        assertThat(onFx(() -> f.wb.files().transfers().items().stream().allMatch(i -> i.progressProperty().get() == 1.0))).isTrue();
        assertThat(onFx(() -> f.wb.files().transfers().overallProperty().get())).isEqualTo(1.0);
        f.waitUntil("the tree shows them", 20, () -> listed("data.bin") && listed("proj"), this::children);
        assertThat(f.agent.files().readBytes(sandbox.id(), "/workspace/data.bin", 0, big.length)).isEqualTo(big);
        assertThat(f.agent.files().readText(sandbox.id(), "/workspace/proj/src/main.py")).isEqualTo("print('from the folder')\n");
        // No staging folder is left behind.
        assertThat(f.agent.files().list(sandbox.id(), "/workspace")).extracting(FileEntry::name)
                .noneMatch(n -> n.startsWith(".sandbench-upload"));
    }

    @Test
    @Order(2)
    void aNameClashAsksAndKeepsBoth() throws Exception {
        Path again = Files.writeString(Files.createDirectories(local.resolve("second")).resolve("data.bin"), "new content");
        int before = onFx(() -> f.wb.files().transfers().items().size());
        dropFiles(f.wb.window().fileBrowser().tree(), List.of(again.toFile()));
        f.waitUntil("the clash dialog asks", 10, () -> robot.lookup("#clashDialog").tryQuery().isPresent());
        robot.clickOn("Keep both");
        dialogGone("#clashDialog");
        f.waitUntil("the upload finishes", 30, () -> f.wb.files().transfers().items().size() > before && allTransfersDone());
        assertThat(f.agent.files().readText(sandbox.id(), "/workspace/data (1).bin")).isEqualTo("new content");
        assertThat(f.agent.files().stat(sandbox.id(), "/workspace/data.bin").size()).isEqualTo(3 * 1024 * 1024);
        f.waitUntil("the tree shows the copy", 20, () -> listed("data (1).bin"));
    }

    @Test
    @Order(3)
    void downloadsAFolder() throws Exception {
        Path target = Files.createTempDirectory("sandbench-download-");
        FileEntry proj = f.agent.files().stat(sandbox.id(), "/workspace/proj");
        // The folder chooser is the OS's own dialog; the browser's download runs from its answer.
        WaitForAsyncUtils.asyncFx(() -> f.wb.files().download(List.of(proj), target, false, p -> { })).get(5, TimeUnit.SECONDS);
        f.waitUntil("the download finishes", 30, this::allTransfersDone);
        assertThat(Files.readString(target.resolve("proj/src/main.py"))).isEqualTo("print('from the folder')\n");
        assertThat(Files.readString(target.resolve("proj/README.md"))).isEqualTo("# proj\n");
    }

    @Test
    @Order(4)
    void createsRenamesAndDeletesThroughTheBrowser() throws Exception {
        robot.clickOn("#newFolderButton");
        f.waitUntil("the name dialog", 5, () -> robot.lookup("#nameDialog").tryQuery().isPresent());
        robot.doubleClickOn("#nameDialog .text-field").eraseText(20).write("made-here").type(KeyCode.ENTER);
        dialogGone("#nameDialog");
        f.waitUntil("the folder is listed", 20, () -> listed("made-here"), this::children);
        assertThat(f.agent.files().stat(sandbox.id(), "/workspace/made-here").isDirectory()).isTrue();

        selectRow("made-here");
        robot.type(KeyCode.F2);
        f.waitUntil("the rename dialog", 5, () -> robot.lookup("#nameDialog").tryQuery().isPresent());
        robot.doubleClickOn("#nameDialog .text-field").eraseText(30).write("renamed").type(KeyCode.ENTER);
        dialogGone("#nameDialog");
        f.waitUntil("the renamed folder is listed", 20, () -> listed("renamed") && !listed("made-here"));
        assertThat(f.agent.files().stat(sandbox.id(), "/workspace/renamed").isDirectory()).isTrue();

        selectRow("renamed");
        robot.type(KeyCode.DELETE);
        f.waitUntil("the delete confirmation", 5, () -> robot.lookup("#confirmDelete").tryQuery().isPresent());
        robot.clickOn("Delete");
        dialogGone("#confirmDelete");
        f.waitUntil("the folder is gone", 20, () -> !listed("renamed"));
        assertThatThrownBy(() -> f.agent.files().stat(sandbox.id(), "/workspace/renamed"))
                .isInstanceOf(dev.sandbench.client.NotFoundException.class);
    }

    /** Selects a row and gives the tree the keyboard, as a click on it does. */
    private void selectRow(String name) throws Exception {
        Node row = row(name);
        WaitForAsyncUtils.asyncFx(() -> {
            var tree = f.wb.window().fileBrowser().tree();
            tree.getSelectionModel().clearSelection();
            tree.getSelectionModel().select(((javafx.scene.control.TreeCell<?>) row).getIndex());
            tree.requestFocus();
        }).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private CodeEditor openInEditor(String name) throws Exception {
        selectRow(name);
        robot.type(KeyCode.ENTER);
        f.waitUntil(name + " opens in an editor", 20, () -> {
            CodeEditor e = f.wb.window().editors().current();
            return e != null && e.document().path() != null && e.document().path().endsWith("/" + name);
        });
        return onFx(() -> f.wb.window().editors().current());
    }

    @Test
    @Order(5)
    void editsAFileSavesItAndTheSandboxHasIt() throws Exception {
        f.agent.files().writeText(sandbox.id(), "/workspace/notes.py", "x = 1\n");
        f.waitUntil("listed", 20, () -> listed("notes.py"));
        CodeEditor editor = openInEditor("notes.py");
        robot.clickOn(editor.area());
        robot.press(KeyCode.CONTROL).type(KeyCode.END).release(KeyCode.CONTROL);
        robot.write("y = 2");
        f.waitUntil("the tab is marked dirty", 5, () -> editor.document().dirtyProperty().get());
        robot.press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);
        f.waitUntil("saved", 20, () -> !editor.document().dirtyProperty().get());
        assertThat(f.agent.files().readText(sandbox.id(), "/workspace/notes.py")).isEqualTo("x = 1\ny = 2");

        // Changed in the sandbox while open: the editor offers to reload.
        f.agent.files().writeText(sandbox.id(), "/workspace/notes.py", "changed = True\n");
        f.waitUntil("the change is noticed", 20, () -> editor.document().changedOutsideProperty().get());
        robot.clickOn("#reloadFile");
        f.waitUntil("reloaded", 20, () -> editor.area().getText().equals("changed = True\n"));
    }

    @Test
    @Order(6)
    void refusesBinaryAndHugeFilesWithAReason() throws Exception {
        f.agent.exec().run(sandbox.id(), "printf 'ELF\\000\\001\\002' > /workspace/tiny.bin");
        f.waitUntil("listed", 20, () -> listed("tiny.bin") && listed("data.bin"));
        assertThat(refusal("tiny.bin")).contains("binary file");
        assertThat(refusal("data.bin")).contains("3.0 MB").contains("Download it instead");
    }

    private String refusal(String name) throws Exception {
        selectRow(name);
        robot.type(KeyCode.ENTER);
        f.waitUntil("the editor says why not", 20, () -> robot.lookup("#refusedDialog").tryQuery().isPresent());
        String text = onFx(() -> ((javafx.scene.control.DialogPane) node("#refusedDialog")).getContentText());
        robot.clickOn("OK");
        dialogGone("#refusedDialog");
        return text;
    }

    /** Waits until a dialog has closed, so the next click reaches the main window. */
    private void dialogGone(String id) throws Exception {
        f.waitUntil(id + " closes", 10, () -> robot.lookup(id).tryQuery().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Node node(String q) {
        return robot.lookup(q).query();
    }

    @Test
    @Order(7)
    void runsAPythonBufferAndShowsItsOutput() throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.N).release(KeyCode.SHIFT, KeyCode.CONTROL);
        f.waitUntil("a scratch buffer opens", 10, () -> f.wb.window().editors().current() != null
                && f.wb.window().editors().current().document().path() == null);
        CodeEditor editor = onFx(() -> f.wb.window().editors().current());
        WaitForAsyncUtils.asyncFx(() -> editor.area().replaceText("import sys\nprint(6 * 7)\nprint('careful', file=sys.stderr)\n"))
                .get(5, TimeUnit.SECONDS);
        robot.clickOn(editor.area());
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        f.waitUntil("the run ends", 30, () -> f.wb.run().statusProperty().get().contains("exit 0"));
        String out = onFx(() -> f.wb.window().runView().text());
        assertThat(out).contains("42").contains("careful");
        assertThat(onFx(() -> f.wb.window().runView().stderrText())).contains("careful").doesNotContain("42");

        // A persistent interpreter keeps a variable between runs.
        robot.clickOn("#persistentToggle");
        WaitForAsyncUtils.asyncFx(() -> editor.area().replaceText("secret = 41\n")).get(5, TimeUnit.SECONDS);
        robot.clickOn("#runButton");
        f.waitUntil("the first run ends", 30, () -> f.wb.run().statusProperty().get().contains("persistent")
                && !f.wb.run().runningProperty().get());
        WaitForAsyncUtils.asyncFx(() -> editor.area().replaceText("print(secret + 1)\n")).get(5, TimeUnit.SECONDS);
        robot.clickOn("#runButton");
        f.waitUntil("the second run prints 42", 30, () -> f.wb.window().runView().text().contains("42"));
    }

    @Test
    @Order(8)
    void aTenThousandEntryDirectoryOpensWithoutFreezingTheWindow() throws Exception {
        f.agent.exec().run(sandbox.id(), "mkdir -p /workspace/big && cd /workspace/big && seq -f 'f%05g.txt' 1 10000 | xargs touch");
        WaitForAsyncUtils.asyncFx(() -> f.wb.files().rootProperty().set("/workspace/big")).get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            onFx(() -> node("#fileTree").isVisible());
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("an FX round trip while listing").isLessThan(2_000);
            Thread.sleep(50);
        }
        f.waitUntil("10,000 entries are listed", 30, () -> f.wb.window().fileBrowser().tree().getRoot().getChildren().size() == 10_000);
        System.out.printf("10,000-entry directory: %.1f ms of FX-thread time%n", f.wb.window().fileBrowser().lastListingNanos() / 1e6);
        WaitForAsyncUtils.asyncFx(() -> f.wb.files().rootProperty().set("/workspace")).get(5, TimeUnit.SECONDS);
    }
}
