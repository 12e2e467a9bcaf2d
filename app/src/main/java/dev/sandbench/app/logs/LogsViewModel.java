package dev.sandbench.app.logs;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.sandboxes.LogEntry;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The selected sandbox's engine log (lifecycle, commands, errors), refreshed while followed. */
public final class LogsViewModel {
    private static final int TAIL = 1000;
    private final UiExecutor ui;
    private final ObjectProperty<SandboxItem> item = new SimpleObjectProperty<>(this, "item");
    private final ObjectProperty<Connection> connection = new SimpleObjectProperty<>(this, "connection");
    private final ObservableList<LogEntry> entries = FXCollections.observableArrayList();
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "Select a sandbox to see its log.");
    private long request;
    private boolean inFlight;

    public LogsViewModel(UiExecutor ui) {
        this.ui = ui;
        item.addListener((o, a, b) -> {
            entries.clear();
            refresh();
        });
    }

    /** Reads the log again (called on selection, by the view's follow timer, and on request). */
    public void refresh() {
        SandboxItem i = item.get();
        Connection c = connection.get();
        if (i == null || c == null) {
            note.set("Select a sandbox to see its log.");
            return;
        }
        if (inFlight) return;
        inFlight = true;
        long mine = ++request;
        ui.run("read log", () -> c.client().sandboxes().logs(i.id(), TAIL), list -> {
            inFlight = false;
            if (mine != request || item.get() != i) return;
            if (!list.equals(entries)) entries.setAll(list);
            note.set(list.isEmpty() ? "The log is empty." : "");
        }, e -> {
            inFlight = false;
            if (mine == request) note.set("Could not read the log: " + Notifier.describe(e));
        });
    }

    public ObjectProperty<SandboxItem> itemProperty() { return item; }
    public ObjectProperty<Connection> connectionProperty() { return connection; }
    public ObservableList<LogEntry> entries() { return entries; }
    public BooleanProperty followProperty() { return follow; }
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
}
