package dev.sandbench.app.replay;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.events.EngineEvent;
import dev.sandbench.client.sessions.AgentSession;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Comparator;
import java.util.List;

/**
 * The selected sandbox's agent sessions, newest first, refreshed when the engine reports a
 * session's cost or trust changing and while the list is shown. Use on the UI thread.
 */
public final class SessionsViewModel {
    private static final String SELECT = "Select a sandbox to see its sessions.";
    private final UiExecutor ui;
    private final ObjectProperty<SandboxItem> item = new SimpleObjectProperty<>(this, "item");
    private final ObjectProperty<Connection> connection = new SimpleObjectProperty<>(this, "connection");
    private final ObservableList<AgentSession> sessions = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", SELECT);
    private long request;
    private boolean inFlight;

    public SessionsViewModel(UiExecutor ui) {
        this.ui = ui;
        item.addListener((o, a, b) -> {
            if (a != null && b != null && a.id().equals(b.id())) return;
            sessions.clear();
            refresh();
        });
        connection.addListener((o, a, b) -> {
            sessions.clear();
            refresh();
        });
    }

    /** A session of the shown sandbox changed (cost, trust): read the list again. */
    public void onEvents(List<EngineEvent> batch) {
        SandboxItem i = item.get();
        if (i == null) return;
        for (EngineEvent e : batch) {
            if (i.id().equals(e.sandboxId()) && e.type().equals("session.updated")) {
                refresh();
                return;
            }
        }
    }

    public void refresh() {
        SandboxItem i = item.get();
        Connection c = connection.get();
        if (i == null || c == null) {
            note.set(SELECT);
            return;
        }
        if (inFlight) return;
        inFlight = true;
        long mine = ++request;
        ui.run("list sessions", () -> c.client().sessions().list(i.id()), list -> {
            inFlight = false;
            if (mine != request || item.get() != i) return;
            List<AgentSession> sorted = list.stream()
                    .sorted(Comparator.comparing(AgentSession::startedAt, Comparator.nullsLast(Comparator.reverseOrder()))).toList();
            if (!sorted.equals(sessions)) sessions.setAll(sorted);
            note.set(sorted.isEmpty() ? "No sessions yet: commands, file changes, terminals and agent events "
                    + "in this sandbox are recorded as sessions." : "");
        }, e -> {
            inFlight = false;
            if (mine == request) note.set("Could not list sessions: " + Notifier.describe(e));
        });
    }

    public ObjectProperty<SandboxItem> itemProperty() { return item; }
    public ObjectProperty<Connection> connectionProperty() { return connection; }
    public ObservableList<AgentSession> sessions() { return sessions; }
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
}
