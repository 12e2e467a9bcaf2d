package dev.sandbench.app.shell;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.connection.ConnectionStatus;
import dev.sandbench.app.connection.Feature;
import dev.sandbench.app.explorer.ClientSnippet;
import dev.sandbench.app.explorer.CreateSandboxDialog;
import dev.sandbench.app.explorer.ExplorerViewModel;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.client.sandboxes.SandboxStatus;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ObservableList;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import org.kordamp.ikonli.feather.Feather;

import java.util.List;
import java.util.stream.Collectors;

/** Registers every workbench action once, with its shortcut, icon, handler and when it is enabled. */
final class WorkbenchActions {
    private final Workbench wb;
    private final MainWindow window;
    private final ActionRegistry registry;
    private final ObservableList<SandboxItem> selection;
    private final SnapshotCommands snapshots;

    WorkbenchActions(Workbench wb, MainWindow window, ActionRegistry registry, ObservableList<SandboxItem> selection) {
        this.wb = wb;
        this.window = window;
        this.registry = registry;
        this.selection = selection;
        this.snapshots = new SnapshotCommands(wb, window);
    }

    private BooleanBinding connected() {
        // Read every dependency inside the binding: an observable that nobody reads stays invalid
        // and stops reporting changes.
        return MainWindow.when(() -> wb.connections().activeProperty().get() != null
                && wb.connections().activeStatusProperty().get() == ConnectionStatus.CONNECTED,
                wb.connections().activeProperty(), wb.connections().activeStatusProperty());
    }

    private BooleanBinding anySelected(SandboxStatus... statuses) {
        return MainWindow.when(() -> {
            wb.explorer().changesProperty().get(); // keeps the dependency valid, so it reports the next change
            if (selection.isEmpty()) return false;
            if (statuses.length == 0) return true;
            for (SandboxItem i : selection) {
                for (SandboxStatus s : statuses) if (i.sandbox().status() == s) return true;
            }
            return false;
        }, selection, wb.explorer().changesProperty());
    }

    private void registerSnapshotsAndAlerts(BooleanBinding connected) {
        var vm = wb.snapshots();
        BooleanBinding one = MainWindow.when(() -> vm.selectedProperty().get() != null, vm.selectedProperty());
        BooleanBinding done = MainWindow.when(() -> vm.selectedProperty().get() != null && vm.selectedProperty().get().completed(),
                vm.selectedProperty());
        BooleanBinding sandbox = MainWindow.when(() -> vm.itemProperty().get() != null && vm.connectionProperty().get() != null,
                vm.itemProperty(), vm.connectionProperty());
        registry.register("view.logs", "Show logs", "View", "Shortcut+Shift+G", Feather.FILE_TEXT, window::showLogs, null);
        registry.register("view.stats", "Show stats", "View", "Shortcut+Shift+T", Feather.ACTIVITY, window::showStats, null);
        registry.register("view.sessions", "Show sessions", "View", "Shortcut+Shift+R", Feather.FILM, window::showSessions, null);
        registry.register("replay.openFile", "Open exported session…", "File", "Shortcut+O", Feather.FOLDER, window::openSessionFile, null);
        registry.register("view.snapshots", "Show snapshots", "View", "Shortcut+Shift+S", Feather.ARCHIVE, window::showSnapshots, null);
        registry.register("snapshot.restore", "Restore snapshot…", "Snapshot", "Shortcut+Alt+Z", Feather.ROTATE_CCW, snapshots::restore, done);
        registry.register("snapshot.fork", "Fork into a new sandbox…", "Snapshot", "Shortcut+Alt+K", Feather.GIT_BRANCH, snapshots::fork,
                MainWindow.when(() -> done.get() && connected.get(), done, connected));
        registry.register("snapshot.compare", "Compare with current files…", "Snapshot", "Shortcut+Alt+G", Feather.COLUMNS,
                snapshots::compare, MainWindow.when(() -> done.get() && connected.get(), done, connected));
        registry.register("snapshot.download", "Download archive…", "Snapshot", "Shortcut+Alt+D", Feather.DOWNLOAD, snapshots::download, done);
        registry.register("snapshot.import", "Import archive…", "Snapshot", "Shortcut+Alt+I", Feather.UPLOAD, snapshots::importArchive, sandbox);
        registry.register("snapshot.delete", "Delete snapshot…", "Snapshot", null, Feather.TRASH, snapshots::delete, one);
        registry.register("snapshot.refresh", "Refresh snapshots", "Snapshot", null, Feather.REFRESH_CW, vm::refresh, sandbox);

        var alerts = wb.alerts();
        BooleanBinding picked = MainWindow.when(() -> alerts.selectedProperty().get() != null, alerts.selectedProperty());
        registry.register("alerts.show", "Show alerts", "View", "Shortcut+Shift+A", Feather.BELL, window::showAlerts, null);
        registry.register("alerts.markRead", "Mark read", "Alerts", null, Feather.CHECK,
                () -> alerts.markRead(alerts.selectedProperty().get()),
                MainWindow.when(() -> picked.get() && alerts.selectedProperty().get().unread(), picked, alerts.selectedProperty()));
        registry.register("alerts.resolve", "Resolve", "Alerts", null, Feather.CHECK_CIRCLE,
                () -> alerts.resolve(alerts.selectedProperty().get()),
                MainWindow.when(() -> picked.get() && !alerts.selectedProperty().get().alert().resolved(), picked, alerts.selectedProperty()));
        registry.register("alerts.markAllRead", "Mark all read", "Alerts", "Shortcut+Alt+A", Feather.CHECK_SQUARE, alerts::markAllRead,
                MainWindow.when(() -> alerts.unreadProperty().get() > 0, alerts.unreadProperty()));
        registry.register("alerts.refresh", "Refresh alerts", "Alerts", null, Feather.REFRESH_CW, alerts::refresh, connected);
    }

    void registerAll() {
        BooleanBinding connected = connected();
        registry.register("sandbox.new", "New sandbox…", "Sandbox", "Shortcut+N", Feather.PLUS, this::newSandbox, connected);
        registry.register("demo.run", "Run the demo agent", "Sandbox", null, Feather.ZAP, this::runDemo,
                MainWindow.when(() -> connected.get() && !wb.demo().runningProperty().get(), connected, wb.demo().runningProperty()));
        registry.register("sandbox.terminal", "Open terminal", "Sandbox", "Shortcut+T", Feather.TERMINAL, this::openTerminal,
                anySelected(SandboxStatus.RUNNING));
        registry.register("sandbox.pause", "Pause", "Sandbox", "Shortcut+Alt+P", Feather.PAUSE,
                () -> wb.explorer().pause(only(SandboxStatus.RUNNING)), anySelected(SandboxStatus.RUNNING));
        registry.register("sandbox.resume", "Resume", "Sandbox", "Shortcut+Alt+R", Feather.PLAY,
                () -> wb.explorer().resume(only(SandboxStatus.PAUSED)), anySelected(SandboxStatus.PAUSED));
        registry.register("sandbox.start", "Start", "Sandbox", "Shortcut+Alt+S", Feather.PLAY_CIRCLE,
                () -> wb.explorer().start(only(SandboxStatus.STOPPED)), anySelected(SandboxStatus.STOPPED));
        registry.register("sandbox.snapshot", "Take snapshot…", "Sandbox", "Shortcut+Alt+N", Feather.CAMERA, snapshots::take,
                MainWindow.when(() -> selection.size() == 1 && wb.connections().activeProperty().get() != null
                        && wb.connections().active().capabilities().has(Feature.SNAPSHOTS), selection, wb.connections().activeProperty()));
        registry.register("sandbox.copyId", "Copy id", "Sandbox", "Shortcut+Alt+C", Feather.COPY, this::copyIds, anySelected());
        registry.register("sandbox.copySnippet", "Copy client snippet", "Sandbox", "Shortcut+Alt+J", Feather.CODE, this::copySnippet,
                MainWindow.when(() -> selection.size() == 1, selection));
        registry.register("sandbox.copyMcp", "Copy MCP client config", "Sandbox", "Shortcut+Alt+M", Feather.SHARE_2, () -> {
            SandboxItem item = selection.get(0);
            if (item.sandbox().mcpUrl() == null) {
                wb.notifier().warning("No MCP endpoint", "This engine does not say where the sandbox's MCP server is.");
                return;
            }
            put(ClientSnippet.mcpConfig(item.sandbox()));
            wb.notifier().info("Copied an MCP configuration", item.sandbox().mcpUrl() + " (set SANDBENCH_API_KEY to the engine's key)");
        }, MainWindow.when(() -> selection.size() == 1, selection));
        registry.register("sandbox.destroy", "Destroy…", "Sandbox", "Delete", Feather.TRASH_2, this::destroy, anySelected());

        javafx.beans.binding.BooleanBinding editing = MainWindow.when(() -> window.centreTabs().getSelectionModel().getSelectedItem() != null
                && window.editors().hasEditor(), window.centreTabs().getSelectionModel().selectedItemProperty());
        registerSnapshotsAndAlerts(connected);

        registry.register("editor.save", "Save", "Editor", "Shortcut+S", Feather.SAVE, () -> window.editors().save(), editing);
        registry.register("editor.run", "Run buffer or selection", "Editor", "Shortcut+Enter", Feather.PLAY, () -> window.editors().run(), editing);
        registry.register("editor.stop", "Stop the run", "Editor", "Shortcut+Shift+Enter", Feather.SQUARE, () -> wb.run().stop(),
                wb.run().runningProperty());
        registry.register("editor.find", "Find", "Editor", "Shortcut+F", Feather.SEARCH, () -> window.editors().find(false), editing);
        registry.register("editor.replace", "Replace", "Editor", "Shortcut+H", Feather.REPEAT, () -> window.editors().find(true), editing);
        registry.register("editor.gotoLine", "Go to line…", "Editor", "Shortcut+G", Feather.CORNER_DOWN_RIGHT,
                () -> window.editors().goToLine(), editing);
        registry.register("editor.close", "Close editor", "Editor", "Shortcut+W", Feather.X, () -> window.editors().closeCurrent(), editing);
        registry.register("editor.scratch", "New Python scratch buffer", "Editor", "Shortcut+Shift+N", Feather.EDIT, () -> {
            Connection c = wb.connections().active();
            SandboxItem s = wb.explorer().selectedProperty().get();
            if (c == null || s == null) {
                wb.notifier().warning("Select a sandbox", "A scratch buffer runs in the selected sandbox.");
                return;
            }
            window.editors().openScratch(c, s, dev.sandbench.app.editor.Language.PYTHON);
        }, anySelected(SandboxStatus.RUNNING));
        registry.register("files.focus", "Open files", "Sandbox", "Shortcut+Shift+E", Feather.FOLDER,
                () -> window.fileBrowser().tree().requestFocus(), anySelected());
        registry.register("explorer.search", "Search sandboxes", "Explorer", "Shortcut+Shift+F", Feather.SEARCH,
                () -> window.stage().getScene().lookup("#sandboxSearch").requestFocus(), null);
        registry.register("explorer.reload", "Reload sandboxes", "Explorer", "F5", Feather.REFRESH_CW, () -> wb.explorer().reload(), connected);

        registry.register("view.palette", "Command palette", "View", "Shortcut+Shift+P", Feather.COMMAND, window::showPalette, null);
        registry.register("view.theme", "Toggle dark theme", "View", "Shortcut+Shift+L", Feather.MOON, () ->
                wb.themeProperty().set(wb.themeProperty().get() == Theme.DARK ? Theme.LIGHT : Theme.DARK), null);
        registry.register("view.terminal.next", "Next bottom tab", "View", "Shortcut+Alt+Right", Feather.CHEVRONS_RIGHT,
                () -> window.bottomTabs().getSelectionModel().selectNext(), null);
        registry.register("view.terminal.previous", "Previous bottom tab", "View", "Shortcut+Alt+Left", Feather.CHEVRONS_LEFT,
                () -> window.bottomTabs().getSelectionModel().selectPrevious(), null);

        registry.register("connection.manage", "Connections…", "Connection", "Shortcut+Shift+K", Feather.SERVER,
                () -> ConnectionsDialog.show(window.stage(), wb.connections()), null);
        registry.register("connection.local", "Switch to the local engine", "Connection", null, Feather.HOME,
                () -> wb.connections().activate(wb.connections().profiles().get(0)), null);

        registry.register("help.shortcuts", "Keyboard shortcuts", "Help", "F1", Feather.HELP_CIRCLE, window::showShortcuts, null);
        registry.register("app.quit", "Quit", "File", "Shortcut+Q", Feather.LOG_OUT, window::quit, null);
    }

    private List<SandboxItem> only(SandboxStatus status) {
        return selection.stream().filter(i -> i.sandbox().status() == status).toList();
    }

    private void newSandbox() {
        Connection c = wb.connections().active();
        if (c == null || c.status() != ConnectionStatus.CONNECTED) {
            wb.notifier().warning("Not connected", "Connect to an engine first.");
            return;
        }
        CreateSandboxDialog.show(window.stage(), c.client(), wb.explorer(), wb.ui(),
                s -> wb.notifier().success("Sandbox created", s.id() + (s.name() == null ? "" : " (" + s.name() + ")")));
    }

    /** Runs the demo agent on the active engine, then shows its sandbox and opens its session's replay. */
    private void runDemo() {
        Connection c = wb.connections().active();
        if (c == null || c.status() != ConnectionStatus.CONNECTED) {
            wb.notifier().warning("Not connected", "Connect to an engine first.");
            return;
        }
        window.showStart();
        wb.demo().run(c.client(), r -> {
            if (wb.connections().active() != c) return; // another engine now: its explorer does not have the sandbox
            SandboxItem item = wb.explorer().find(r.sandbox().id());
            if (item != null) wb.explorer().selectedProperty().set(item);
            window.showSessions();
            window.replays().open(c, r.session());
        });
    }

    private void openTerminal() {
        Connection c = wb.connections().active();
        if (c == null) return;
        if (!c.capabilities().has(Feature.TERMINAL)) {
            wb.notifier().warning("No terminals on " + c.profile().name(), Feature.TERMINAL.whyMissing());
            return;
        }
        for (SandboxItem item : only(SandboxStatus.RUNNING)) {
            window.terminals().open(c, item, wb.themeProperty().get().dark(), wb.settings().terminalFontSize);
        }
    }

    private void destroy() {
        List<SandboxItem> targets = List.copyOf(selection);
        if (targets.isEmpty()) return;
        Connection c = wb.connections().active();
        String what = targets.size() == 1 ? ExplorerViewModel.label(targets.get(0)) : targets.size() + " sandboxes";
        boolean ok = Confirm.destructive(window.stage(), "Destroy " + what + "?",
                "Destroy " + what + "? Its processes stop and its files are deleted.", "Destroy",
                c != null && c.profile().shared(), c == null ? "" : c.profile().name());
        if (!ok) return;
        for (SandboxItem i : targets) window.terminals().closeFor(i.id());
        wb.explorer().destroy(targets);
    }

    private void copyIds() {
        String ids = selection.stream().map(SandboxItem::id).collect(Collectors.joining("\n"));
        put(ids);
        wb.notifier().info("Copied", selection.size() == 1 ? ids : selection.size() + " ids");
    }

    private void copySnippet() {
        Connection c = wb.connections().active();
        SandboxItem item = selection.get(0);
        put(ClientSnippet.java(item.sandbox(), c == null ? "http://127.0.0.1:8080" : c.profile().url()));
        wb.notifier().info("Copied a Java snippet", "It creates a sandbox like " + item.id() + " with the Sandbench client.");
    }

    private static void put(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
