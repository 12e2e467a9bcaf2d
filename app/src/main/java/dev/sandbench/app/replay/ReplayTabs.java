package dev.sandbench.app.replay;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.explorer.ExplorerViewModel;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.sessions.AgentSession;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.VBox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens replays as tabs of the centre panel: from a session on the engine, or from an exported
 * file (offline). Events are read and laid out off the FX thread; the tab shows progress meanwhile.
 * A session already open is brought to the front instead of opened twice.
 */
public final class ReplayTabs {
    private final TabPane tabs;
    private final UiExecutor ui;
    private final Notifier notifier;
    private final ExplorerViewModel explorer;
    private final ObservableBooleanValue dark;
    private final List<Opened> opened = new ArrayList<>();

    private record Opened(String key, Tab tab, boolean online, ReplayView[] view) {}

    public ReplayTabs(TabPane tabs, UiExecutor ui, Notifier notifier, ExplorerViewModel explorer, ObservableBooleanValue dark) {
        this.tabs = tabs;
        this.ui = ui;
        this.notifier = notifier;
        this.explorer = explorer;
        this.dark = dark;
    }

    /** Opens the replay of a session on the connected engine. */
    public void open(Connection c, AgentSession s) {
        String key = "session:" + s.id();
        if (select(key)) return;
        Opened o = add(key, title(s), true);
        ui.run("read session " + s.id(), () -> new ReplayModel(s, c.client().sessions().replay(s.id())),
                model -> show(o, model, ReplayActions.online(ui, notifier, c.client(), s.id(), explorer)),
                e -> failed(o, "Could not read session " + s.id() + ": " + Notifier.describe(e)));
    }

    /** Opens an exported session file for offline replay. */
    public void openFile(Path file) {
        String key = "file:" + file.toAbsolutePath();
        if (select(key)) return;
        Opened o = add(key, "Replay \u00b7 " + file.getFileName() + " (offline)", false);
        ui.run("read " + file.getFileName(), () -> {
            SessionFile.Loaded l = SessionFile.read(file);
            return new Object[]{new ReplayModel(l.session(), l.events()), l.document()};
        }, r -> show(o, (ReplayModel) r[0], ReplayActions.offline(ui, notifier,
                (com.fasterxml.jackson.databind.JsonNode) r[1])), e -> {
            failed(o, Notifier.describe(e));
            notifier.error("Cannot open " + file.getFileName(), e);
        });
    }

    /** Closes the replays of the engine's sessions (on a connection switch); offline ones stay. */
    public void closeOnline() {
        for (Opened o : List.copyOf(opened)) if (o.online()) tabs.getTabs().remove(o.tab());
    }

    /** The replay shown in the selected tab, if any (for tests). */
    public ReplayView selected() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        for (Opened o : opened) if (o.tab() == t) return o.view()[0];
        return null;
    }

    private boolean select(String key) {
        for (Opened o : opened) {
            if (o.key().equals(key)) {
                tabs.getSelectionModel().select(o.tab());
                return true;
            }
        }
        return false;
    }

    private Opened add(String key, String title, boolean online) {
        ProgressIndicator p = new ProgressIndicator();
        p.setMaxSize(40, 40);
        Label l = new Label("Reading the session\u2026");
        l.getStyleClass().add("muted");
        VBox box = new VBox(10, p, l);
        box.setAlignment(javafx.geometry.Pos.CENTER);
        Tab tab = new Tab(title, box);
        tab.setId("replayTab");
        Opened o = new Opened(key, tab, online, new ReplayView[1]);
        opened.add(o);
        tab.setOnClosed(e -> {
            opened.remove(o);
            if (o.view()[0] != null) o.view()[0].close();
        });
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
        return o;
    }

    private void show(Opened o, ReplayModel model, ReplayActions actions) {
        if (!opened.contains(o)) return; // closed while loading
        if (model.size() == 0) {
            failed(o, "This session has no events yet.");
            return;
        }
        ReplayView v = new ReplayView(new ReplayViewModel(model), actions, dark);
        o.view()[0] = v;
        o.tab().setContent(v.node());
        v.focus();
    }

    private static void failed(Opened o, String why) {
        Label l = new Label(why);
        l.setWrapText(true);
        l.getStyleClass().add("muted");
        VBox box = new VBox(l);
        box.setAlignment(javafx.geometry.Pos.CENTER);
        box.setStyle("-fx-padding: 24;");
        o.tab().setContent(box);
    }

    private static String title(AgentSession s) {
        String who = s.agentType() != null ? s.agentType() : s.model() != null ? s.model() : s.id();
        return "Replay \u00b7 " + who;
    }
}
