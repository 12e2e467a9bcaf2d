package dev.sandbench.app.shell;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.connection.ConnectionStatus;
import dev.sandbench.app.details.DetailsView;
import dev.sandbench.app.explorer.ExplorerView;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.logs.LogsView;
import dev.sandbench.app.notify.ActivityView;
import dev.sandbench.app.notify.ToastLayer;
import dev.sandbench.app.settings.Settings;
import dev.sandbench.app.terminals.TerminalsPanel;
import dev.sandbench.resources.Assets;
import dev.sandbench.terminal.TerminalView;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.Image;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The IDE-like window: explorer on the left, tabs in the centre, a bottom panel (terminals, output,
 * logs), the details of the selected sandbox on the right, a status bar; panel sizes, window size
 * and theme remembered.
 */
public final class MainWindow {
    private final Workbench wb;
    private final Stage stage;
    private final StackPane host = new StackPane();
    private final ActionRegistry registry = new ActionRegistry();
    private final ObservableList<SandboxItem> selection = FXCollections.observableArrayList();
    private final TabPane centreTabs = new TabPane();
    private final TabPane bottomTabs = new TabPane();
    private final SplitPane main = new SplitPane();
    private final SplitPane centre = new SplitPane();
    private final Overlay overlay = new Overlay(host);
    private final TerminalsPanel terminals = new TerminalsPanel(bottomTabs);
    private final VBox banner = new VBox();
    private final ExplorerView explorerView;
    private final dev.sandbench.app.files.FileBrowserView fileBrowser;
    private final dev.sandbench.app.editor.EditorTabs editors;
    private final dev.sandbench.app.editor.RunView runView;
    private final SplitPane left = new SplitPane();
    private final Tab snapshotsTab = new Tab("Snapshots");
    private final Tab alertsTab = new Tab("Alerts");
    private final Tab sessionsTab = new Tab("Sessions");
    private final Tab startTab = new Tab("Start");
    private final Tab statsTab;
    private final Tab logsTab;
    private final dev.sandbench.app.replay.ReplayTabs replays;
    private dev.sandbench.app.snapshots.SnapshotsView snapshotsView;
    private final Scene scene;

    MainWindow(Workbench wb, Stage stage) {
        this.wb = wb;
        this.stage = stage;
        editors = new dev.sandbench.app.editor.EditorTabs(centreTabs, wb.ui(), wb.notifier(), wb.run(), () -> stage,
                wb.options().paths().dataDir().resolve("recovered"));
        wb.explorer().addEventConsumer(editors::onEvents);
        fileBrowser = new dev.sandbench.app.files.FileBrowserView(wb.files(), file -> {
            var c = wb.connections().active();
            var s = wb.explorer().selectedProperty().get();
            if (c != null && s != null) editors.open(c, s, file);
        });
        runView = new dev.sandbench.app.editor.RunView(wb.run());
        WorkbenchActions actions = new WorkbenchActions(wb, this, registry, selection);
        actions.registerAll();

        explorerView = new ExplorerView(wb.explorer(), selection, registry.get("sandbox.new"), registry.get("demo.run"), java.util.Arrays.asList(
                registry.get("sandbox.terminal"), null,
                registry.get("sandbox.pause"), registry.get("sandbox.resume"), registry.get("sandbox.start"), null,
                registry.get("sandbox.snapshot"), null,
                registry.get("sandbox.copyId"), registry.get("sandbox.copySnippet"), registry.get("sandbox.copyMcp"), null,
                registry.get("sandbox.destroy")), registry.get("sandbox.terminal"));
        DetailsView details = new DetailsView(wb.details());

        centreTabs.setId("centreTabs");
        startTab.setContent(new StartPage(wb, registry).node());
        startTab.setClosable(false);
        startTab.setId("startTab");
        centreTabs.getTabs().add(startTab);

        bottomTabs.setId("bottomTabs");
        Tab output = new Tab("Output", new ActivityView(wb.notifier()).node());
        output.setClosable(false);
        Tab logs = new Tab("Logs");
        logs.setClosable(false);
        logs.setContent(new LogsView(wb.logs(), logs.selectedProperty()).node());
        Tab runTab = new Tab("Run", runView.node());
        runTab.setClosable(false);
        runTab.setId("runTab");
        snapshotsView = new dev.sandbench.app.snapshots.SnapshotsView(wb.snapshots(), java.util.Arrays.asList(
                registry.get("sandbox.snapshot"), registry.get("snapshot.restore"), registry.get("snapshot.fork"),
                registry.get("snapshot.compare"),
                registry.get("snapshot.download"), registry.get("snapshot.import"), registry.get("snapshot.delete"),
                registry.get("snapshot.refresh")), registry.get("snapshot.delete"));
        snapshotsTab.setContent(snapshotsView.node());
        snapshotsTab.setClosable(false);
        snapshotsTab.setId("snapshotsTab");
        alertsTab.setContent(new dev.sandbench.app.alerts.AlertsView(wb.alerts(), List.of(registry.get("alerts.markRead"),
                registry.get("alerts.resolve"), registry.get("alerts.markAllRead"), registry.get("alerts.refresh"))).node());
        alertsTab.setClosable(false);
        alertsTab.setId("alertsTab");
        replays = new dev.sandbench.app.replay.ReplayTabs(centreTabs, wb.ui(), wb.notifier(), wb.explorer(),
                javafx.beans.binding.Bindings.createBooleanBinding(() -> wb.themeProperty().get().dark(), wb.themeProperty()));
        sessionsTab.setContent(new dev.sandbench.app.replay.SessionsView(wb.sessions(), s -> {
            var c = wb.connections().active();
            if (c != null) replays.open(c, s);
        }, this::openSessionFile, sessionsTab.selectedProperty()).node());
        sessionsTab.setClosable(false);
        sessionsTab.setId("sessionsTab");
        bottomTabs.getTabs().addAll(output, logs, runTab, sessionsTab, snapshotsTab, alertsTab);
        editors.setShowRunTab(() -> bottomTabs.getSelectionModel().select(runTab));
        statsTab = new dev.sandbench.app.stats.StatsView(wb.stats()).tab();
        bottomTabs.getTabs().add(bottomTabs.getTabs().indexOf(logs) + 1, statsTab);
        logsTab = logs;

        centre.setOrientation(Orientation.VERTICAL);
        centre.getItems().setAll(centreTabs, bottomTabs);
        left.setOrientation(Orientation.VERTICAL);
        left.getItems().setAll(explorerView.node(), fileBrowser.node());
        main.getItems().setAll(left, centre, details.node());
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(details.node(), false);
        Settings s = wb.settings();
        main.setDividerPositions(s.explorerDivider, s.detailsDivider);
        centre.setDividerPositions(s.bottomDivider);
        left.setDividerPositions(s.filesDivider);

        BorderPane root = new BorderPane();
        root.setTop(new VBox(new MenuBars(registry, wb).build(), banner));
        root.setCenter(main);
        root.setBottom(new StatusBar(wb.connections(), wb.explorer(), registry.get("connection.manage").handler(),
                new dev.sandbench.app.alerts.AlertsBell(wb.alerts(), registry.get("alerts.show")::fire).node()).node());
        host.getChildren().setAll(root, new ToastLayer(wb.notifier()).node());
        host.setId("workbenchRoot");

        scene = new Scene(host, s.windowWidth, s.windowHeight);
        scene.getStylesheets().add(MainWindow.class.getResource("/dev/sandbench/app/workbench.css").toExternalForm());
        registry.install(scene, this::typing);
        // An exported session dropped anywhere the file browser does not take it opens as a replay.
        scene.addEventHandler(javafx.scene.input.DragEvent.DRAG_OVER, e -> {
            if (!e.isConsumed() && sessionFiles(e.getDragboard()) != null) {
                e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
                e.consume();
            }
        });
        scene.addEventHandler(javafx.scene.input.DragEvent.DRAG_DROPPED, e -> {
            List<java.io.File> files = e.isConsumed() ? null : sessionFiles(e.getDragboard());
            if (files == null) return;
            for (java.io.File f : files) replays.openFile(f.toPath());
            e.setDropCompleted(true);
            e.consume();
        });
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if ("?".equals(e.getCharacter()) && !typing() && !overlay.showing()) {
                e.consume();
                registry.get("help.shortcuts").fire();
            }
        });
        stage.setTitle("Sandbench");
        stage.setScene(scene);
        wb.ui().run("load the window icon", MainWindow::windowIcons, icons -> stage.getIcons().setAll(icons),
                e -> wb.notifier().error("Could not load the window icon", e));
        if (!Double.isNaN(s.windowX) && !Double.isNaN(s.windowY)) {
            stage.setX(s.windowX);
            stage.setY(s.windowY);
        }
        stage.setMaximized(s.maximized);
        stage.setOnCloseRequest(e -> {
            e.consume();
            quit();
        });
        wb.explorer().selectedProperty().addListener((o, a, b) -> {
            if (b != null && !selection.contains(b)) explorerView.select(b);
        });
    }

    void show() {
        stage.show();
    }

    /**
     * The application icon in the sizes up to 256 px: JavaFX gives the window manager the one
     * closest to what the platform asks for (128 px on Linux and macOS, 32 px on Windows).
     */
    private static List<Image> windowIcons() throws IOException {
        List<Image> icons = new ArrayList<>();
        for (int size : Assets.ICON_SIZES) {
            if (size > 256) continue;
            try (InputStream in = Assets.appIcon(size).openStream()) {
                Image icon = new Image(in);
                if (icon.isError()) throw new IOException("the " + size + " px icon cannot be read: " + icon.getException());
                icons.add(icon);
            }
        }
        return icons;
    }

    /** The dragged files when all of them are .json (exported sessions), else null. */
    private static List<java.io.File> sessionFiles(javafx.scene.input.Dragboard db) {
        if (!db.hasFiles() || db.getFiles().isEmpty()) return null;
        for (java.io.File f : db.getFiles()) if (!f.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) return null;
        return db.getFiles();
    }

    /** Whether keys go to text: a text field, or a terminal. Plain-key shortcuts stay out of the way then. */
    private boolean typing() {
        Node n = scene.getFocusOwner();
        if (n instanceof TextInputControl || n instanceof org.fxmisc.richtext.GenericStyledArea) return true;
        // The file tree has its own plain keys (Delete deletes files there, not the sandbox).
        if (n == fileBrowser.tree()) return true;
        // So does the snapshot table (Delete deletes the snapshot there).
        if (snapshotsView != null && n == snapshotsView.table()) return true;
        for (Parent p = n == null ? null : n.getParent(); p != null; p = p.getParent()) {
            if (p.getStyleClass().contains(TerminalView.STYLE_CLASS)) return true;
            // A replay has its own plain keys (space, e, digits, ?).
            if (p.getStyleClass().contains(dev.sandbench.app.replay.ReplayView.STYLE_CLASS)) return true;
        }
        return n != null && n.getStyleClass().contains(TerminalView.STYLE_CLASS);
    }

    void connectionChanged(Connection old, Connection now) {
        if (old != null) {
            replays.closeOnline();
            terminals.closeAll();
            editors.closeAll();
        }
        banner.getChildren().clear();
        if (now == null) return;
        Runnable paint = () -> paintBanner(now);
        now.statusProperty().addListener((o, a, b) -> paint.run());
        now.engineProblemProperty().addListener((o, a, b) -> paint.run());
        paint.run();
    }

    private void paintBanner(Connection c) {
        if (wb.connections().active() != c) return;
        banner.getChildren().clear();
        String problem = c.engineProblemProperty().get();
        if (c.status() == ConnectionStatus.FAILED) {
            Button retry = new Button("Try again");
            retry.setOnAction(e -> wb.connections().activate(c.profile()));
            banner.getChildren().add(problemBox("The embedded engine could not start", c.detailProperty().get(), retry));
        } else if (problem != null) {
            banner.getChildren().add(problemBox("Sandboxes cannot start on " + (c.profile().isEmbedded() ? "this machine" : c.profile().name()),
                    problem + fixHint(problem), null));
        }
    }

    private static String fixHint(String problem) {
        if (problem.contains("bubblewrap") || problem.contains("bwrap")) {
            return problem.contains("apt-get") ? "" : "\nFix: install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap), then restart Sandbench.";
        }
        if (problem.contains("user namespace")) {
            return "\nFix: allow unprivileged user namespaces (sudo sysctl -w kernel.unprivileged_userns_clone=1, or on Ubuntu 24.04 an AppArmor profile for bwrap).";
        }
        return "";
    }

    private static Node problemBox(String title, String detail, Button action) {
        Label t = new Label(title);
        t.getStyleClass().add("title");
        Label d = new Label(detail);
        d.getStyleClass().add("detail");
        d.setId("problemDetail");
        VBox box = new VBox(4, t, d);
        HBox row = new HBox(12, box);
        if (action != null) row.getChildren().add(action);
        VBox wrap = new VBox(row);
        wrap.getStyleClass().add("problem-banner");
        wrap.setId("problemBanner");
        return wrap;
    }

    /** Remembers window geometry and panel sizes in {@code s}. */
    void captureState(Settings s) {
        s.maximized = stage.isMaximized();
        if (!stage.isMaximized()) {
            s.windowX = stage.getX();
            s.windowY = stage.getY();
            s.windowWidth = stage.getWidth();
            s.windowHeight = stage.getHeight();
        }
        double[] d = main.getDividerPositions();
        if (d.length == 2) {
            s.explorerDivider = d[0];
            s.detailsDivider = d[1];
        }
        double[] c = centre.getDividerPositions();
        if (c.length == 1) s.bottomDivider = c[0];
        double[] l = left.getDividerPositions();
        if (l.length == 1) s.filesDivider = l[0];
    }

    void closeTerminals() {
        terminals.closeAll();
    }

    /** Closes the window; the engine and connections stop in the background, then the app exits. */
    public void quit() {
        stage.hide();
        wb.shutdown(Workbench::exitPlatform);
    }

    /** Adds a closable tab to the centre panel and shows it. */
    void openTab(String title, String id, Node content) {
        Tab t = new Tab(title, content);
        t.setId(id);
        centreTabs.getTabs().add(t);
        centreTabs.getSelectionModel().select(t);
    }

    void showStats() {
        bottomTabs.getSelectionModel().select(statsTab);
    }

    void showLogs() {
        bottomTabs.getSelectionModel().select(logsTab);
    }

    void showStart() {
        centreTabs.getSelectionModel().select(startTab);
    }

    void showSessions() {
        bottomTabs.getSelectionModel().select(sessionsTab);
    }

    /** Asks for an exported session (.json) and replays it offline. */
    void openSessionFile() {
        javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
        fc.setTitle("Open exported session");
        fc.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Sandbench session", "*.json"));
        java.io.File f = fc.showOpenDialog(stage);
        if (f != null) replays.openFile(f.toPath());
    }

    public dev.sandbench.app.replay.ReplayTabs replays() {
        return replays;
    }

    void showSnapshots() {
        bottomTabs.getSelectionModel().select(snapshotsTab);
    }

    void showAlerts() {
        bottomTabs.getSelectionModel().select(alertsTab);
        wb.alerts().refresh();
    }

    void showPalette() {
        new CommandPalette(registry, overlay).show();
    }

    void showShortcuts() {
        new ShortcutOverlay(registry, overlay).show();
    }

    public Stage stage() { return stage; }
    public ActionRegistry actions() { return registry; }
    public TerminalsPanel terminals() { return terminals; }
    public ExplorerView explorerView() { return explorerView; }
    public dev.sandbench.app.files.FileBrowserView fileBrowser() { return fileBrowser; }
    public dev.sandbench.app.editor.EditorTabs editors() { return editors; }
    public dev.sandbench.app.editor.RunView runView() { return runView; }
    public TabPane bottomTabs() { return bottomTabs; }
    public TabPane centreTabs() { return centreTabs; }

    static javafx.beans.binding.BooleanBinding when(java.util.concurrent.Callable<Boolean> test, javafx.beans.Observable... deps) {
        return Bindings.createBooleanBinding(test, deps);
    }
}
