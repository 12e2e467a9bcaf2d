package dev.sandbench.app.shell;

import dev.sandbench.app.AppOptions;
import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.connection.ConnectionStore;
import dev.sandbench.app.connection.ConnectionsModel;
import dev.sandbench.app.connection.SecretStore;
import dev.sandbench.app.demo.DemoViewModel;
import dev.sandbench.app.details.DetailsViewModel;
import dev.sandbench.app.explorer.ExplorerViewModel;
import dev.sandbench.app.logs.LogsViewModel;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.settings.Settings;
import dev.sandbench.app.settings.SettingsStore;
import dev.sandbench.app.task.FxUiExecutor;
import dev.sandbench.app.task.UiExecutor;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.stage.Stage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The composition root: settings, the connection manager with its embedded engine, the
 * view-models, and the main window. Starting and stopping it does no I/O on the FX thread.
 */
public final class Workbench {
    private static final Logger LOG = Logger.getLogger(Workbench.class.getName());

    private final AppOptions options;
    private final FxUiExecutor ui = new FxUiExecutor();
    private final Notifier notifier = new Notifier();
    private final SettingsStore settingsStore;
    private final Settings settings;
    private final ConnectionsModel connections;
    private final ExplorerViewModel explorer;
    private final DetailsViewModel details;
    private final LogsViewModel logs;
    private final dev.sandbench.app.stats.StatsViewModel stats;
    private final dev.sandbench.app.files.TransferQueue transfers;
    private final dev.sandbench.app.files.FileBrowserViewModel files;
    private final dev.sandbench.app.editor.RunViewModel run;
    private final dev.sandbench.app.snapshots.SnapshotsViewModel snapshots;
    private final dev.sandbench.app.alerts.AlertsViewModel alerts;
    private final dev.sandbench.app.replay.SessionsViewModel sessions;
    private final DemoViewModel demo;
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme");
    private MainWindow window;
    private volatile boolean stopped;

    /** Reads settings; call off the FX thread (it touches the disk). */
    public Workbench(AppOptions options) throws IOException {
        this.options = options;
        options.paths().create();
        this.settingsStore = new SettingsStore(options.paths().configDir());
        this.settings = settingsStore.load();
        ConnectionStore store = new ConnectionStore(options.paths().configDir(), SecretStore.best(options.paths().configDir()));
        this.connections = new ConnectionsModel(store, options.paths().engineDir(), ui, notifier);
        this.explorer = new ExplorerViewModel(ui, notifier);
        this.details = new DetailsViewModel(ui);
        this.logs = new LogsViewModel(ui, notifier);
        this.stats = new dev.sandbench.app.stats.StatsViewModel(ui, notifier, settings.statsIntervalSeconds);
        this.transfers = new dev.sandbench.app.files.TransferQueue(ui);
        this.files = new dev.sandbench.app.files.FileBrowserViewModel(ui, notifier, transfers);
        this.run = new dev.sandbench.app.editor.RunViewModel(ui);
        this.snapshots = new dev.sandbench.app.snapshots.SnapshotsViewModel(ui, notifier, explorer);
        this.alerts = new dev.sandbench.app.alerts.AlertsViewModel(ui, notifier);
        this.sessions = new dev.sandbench.app.replay.SessionsViewModel(ui);
        // The scripted model "thinks" a little before each answer, so the replay has a shape.
        this.demo = new DemoViewModel(ui, notifier, java.time.Duration.ofMillis(600));
        explorer.addEventConsumer(sessions::onEvents);
        explorer.addEventConsumer(files::onEvents);
        explorer.addEventConsumer(snapshots::onEvents);
        explorer.addEventConsumer(alerts::onEvents);
        theme.set(Theme.of(settings.theme));
    }

    /** Builds and shows the window, then connects (the embedded engine starts in the background). */
    public void start(Stage stage) {
        theme.get().apply();
        theme.addListener((o, a, b) -> {
            b.apply();
            if (window != null) window.terminals().setDark(b.dark());
            settings.theme = b.id();
            saveSettingsLater();
        });
        connections.activeProperty().addListener((o, old, now) -> {
            explorer.attach(now);
            details.connectionProperty().set(now);
            files.connectionProperty().set(now);
            logs.connectionProperty().set(now);
            stats.connectionProperty().set(now);
            snapshots.connectionProperty().set(now);
            alerts.connectionProperty().set(now);
            sessions.connectionProperty().set(now);
            if (window != null) window.connectionChanged(old, now);
            if (now != null) settings.lastConnection = now.profile().id();
            saveSettingsLater();
        });
        try {
            explorer.groupingProperty().set(dev.sandbench.app.explorer.Grouping.valueOf(settings.grouping));
        } catch (IllegalArgumentException | NullPointerException e) {
            settings.grouping = dev.sandbench.app.explorer.Grouping.NONE.name();
        }
        explorer.groupingProperty().addListener((o, a, b) -> {
            settings.grouping = b.name();
            saveSettingsLater();
        });
        explorer.selectedProperty().addListener((o, a, b) -> {
            details.itemProperty().set(b);
            files.sandboxProperty().set(b);
            logs.itemProperty().set(b);
            stats.itemProperty().set(b);
            snapshots.itemProperty().set(b);
            sessions.itemProperty().set(b);
        });
        stats.intervalProperty().addListener((o, a, b) -> {
            settings.statsIntervalSeconds = b.intValue();
            saveSettingsLater();
        });
        window = new MainWindow(this, stage);
        window.show();
        // Files the desktop passed (Open With Sandbench): offline replays, no engine needed.
        for (Path file : options.open()) window.replays().openFile(file);
        connections.load(settings.lastConnection);
    }

    private void saveSettingsLater() {
        Object snapshot = dev.sandbench.app.settings.JsonFiles.MAPPER.valueToTree(settings);
        ui.run("save settings", () -> {
            settingsStore.save(snapshot);
            return null;
        }, ok -> { }, e -> notifier.error("Could not save settings", e));
    }

    /**
     * Saves the window state, closes connections and the embedded engine in the background, then
     * runs {@code after} on the FX thread.
     */
    public void shutdown(Runnable after) {
        if (stopped) return;
        stopped = true;
        if (window != null) window.captureState(settings);
        explorer.close();
        stats.close();
        if (window != null) window.closeTerminals();
        Object snapshot = dev.sandbench.app.settings.JsonFiles.MAPPER.valueToTree(settings);
        ui.run("shut down", () -> {
            try {
                settingsStore.save(snapshot);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not save settings: " + e.getMessage());
            }
            return null;
        }, ok -> closeConnections(after), e -> closeConnections(after));
    }

    private void closeConnections(Runnable after) {
        Connection c = connections.active();
        if (c != null) c.close();
        ui.run("stop engine", () -> {
            connections.close();
            return null;
        }, ok -> finish(after), e -> finish(after));
    }

    private void finish(Runnable after) {
        ui.close();
        if (after != null) after.run();
    }

    public AppOptions options() { return options; }
    public UiExecutor ui() { return ui; }
    public Notifier notifier() { return notifier; }
    public Settings settings() { return settings; }
    public ConnectionsModel connections() { return connections; }
    public ExplorerViewModel explorer() { return explorer; }
    public DetailsViewModel details() { return details; }
    public LogsViewModel logs() { return logs; }
    public dev.sandbench.app.stats.StatsViewModel stats() { return stats; }
    public ObjectProperty<Theme> themeProperty() { return theme; }
    public dev.sandbench.app.files.FileBrowserViewModel files() { return files; }
    public dev.sandbench.app.editor.RunViewModel run() { return run; }
    public dev.sandbench.app.snapshots.SnapshotsViewModel snapshots() { return snapshots; }
    public dev.sandbench.app.alerts.AlertsViewModel alerts() { return alerts; }
    public dev.sandbench.app.replay.SessionsViewModel sessions() { return sessions; }
    public DemoViewModel demo() { return demo; }
    public MainWindow window() { return window; }

    /** Exits the JavaFX toolkit after a shutdown. */
    public static void exitPlatform() {
        Platform.exit();
    }
}
