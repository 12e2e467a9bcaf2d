package dev.sandbench.app.logs;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.FileExport;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.sandboxes.LogEntry;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The selected sandbox's engine log (lifecycle, commands, errors), refreshed while followed; search
 * with a current match, copy and save. Use on the UI thread.
 */
public final class LogsViewModel {
    private static final int TAIL = 1000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private final UiExecutor ui;
    private final Notifier notifier;
    private final ObjectProperty<SandboxItem> item = new SimpleObjectProperty<>(this, "item");
    private final ObjectProperty<Connection> connection = new SimpleObjectProperty<>(this, "connection");
    private final ObservableList<LogEntry> entries = FXCollections.observableArrayList();
    private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
    private final BooleanProperty timestamps = new SimpleBooleanProperty(this, "timestamps", true);
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ReadOnlyObjectWrapper<LogSearch.Match> current = new ReadOnlyObjectWrapper<>(this, "current");
    private final ReadOnlyLongWrapper reveal = new ReadOnlyLongWrapper(this, "reveal");
    private final ReadOnlyStringWrapper matchSummary = new ReadOnlyStringWrapper(this, "matchSummary", "");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "Select a sandbox to see its log.");
    private final LogSearch search = new LogSearch();
    private long request;
    private boolean inFlight;

    public LogsViewModel(UiExecutor ui, Notifier notifier) {
        this.ui = ui;
        this.notifier = notifier;
        item.addListener((o, a, b) -> {
            entries.clear();
            refresh();
        });
        entries.addListener((ListChangeListener<LogEntry>) c -> {
            search.setLines(entries.stream().map(LogsViewModel::body).toList());
            publish();
        });
        query.addListener((o, a, b) -> {
            search.setQuery(b);
            // A match shown at the top must not be scrolled away by the next refresh.
            if (search.count() > 0) follow.set(false);
            publish();
            reveal();
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

    /** Steps to the next match (Enter, F3); stepping stops following so the match stays in view. */
    public void next() {
        if (search.next() != null) follow.set(false);
        publish();
        reveal();
    }

    /** Steps to the previous match (Shift+Enter, Shift+F3). */
    public void previous() {
        if (search.previous() != null) follow.set(false);
        publish();
        reveal();
    }

    private void publish() {
        current.set(search.current());
        matchSummary.set(search.summary());
    }

    private void reveal() {
        if (search.current() != null) reveal.set(reveal.get() + 1);
    }

    /** The searchable part of a line: its type and message (the time is shown apart, on request). */
    public static String body(LogEntry e) {
        return e.type() + "  " + e.message();
    }

    /** The time column as shown: "14:03:07.215". */
    public static String time(LogEntry e) {
        return e.timestamp() == null ? "" : TIME.format(e.timestamp());
    }

    /** A line as shown, with or without its time. */
    public String shown(LogEntry e) {
        return timestamps.get() ? time(e) + "  " + body(e) : body(e);
    }

    /** The text to copy: {@code selected} lines as shown, or the whole log when none are selected. */
    public String copyText(List<LogEntry> selected) {
        List<LogEntry> lines = selected == null || selected.isEmpty() ? entries : selected;
        StringBuilder b = new StringBuilder();
        for (LogEntry e : lines) b.append(shown(e)).append('\n');
        return b.toString();
    }

    /** The whole log as saved: full UTC timestamps, whatever the time column shows. */
    public String saveText() {
        StringBuilder b = new StringBuilder();
        for (LogEntry e : entries) b.append(e.timestamp()).append("  ").append(body(e)).append('\n');
        return b.toString();
    }

    /** A file name to offer when saving: "my-sandbox.log". */
    public String suggestedFileName() {
        SandboxItem i = item.get();
        String name = i == null ? "sandbox" : i.sandbox().name() == null || i.sandbox().name().isBlank() ? i.id() : i.sandbox().name();
        return name.replaceAll("[^A-Za-z0-9._-]+", "_") + ".log";
    }

    /** Saves every line to {@code file} in the background; says so, or why not, in a toast. */
    public void save(Path file) {
        String text = saveText();
        int lines = entries.size();
        ui.run("save log", () -> {
            FileExport.write(file, text);
            return file;
        }, p -> notifier.success("Log saved", lines + (lines == 1 ? " line" : " lines") + " to " + p),
                e -> notifier.error("Could not save the log", e));
    }

    public ObjectProperty<SandboxItem> itemProperty() { return item; }
    public ObjectProperty<Connection> connectionProperty() { return connection; }
    public ObservableList<LogEntry> entries() { return entries; }
    public BooleanProperty followProperty() { return follow; }
    public BooleanProperty timestampsProperty() { return timestamps; }
    public StringProperty queryProperty() { return query; }
    /** The match to show and emphasise (null without one). */
    public ReadOnlyObjectProperty<LogSearch.Match> currentMatchProperty() { return current.getReadOnlyProperty(); }
    /** Changes when the user searched or stepped: the view brings the current match into view then (not on a refresh). */
    public ReadOnlyLongProperty revealProperty() { return reveal.getReadOnlyProperty(); }
    /** "3 of 17", "No matches", or empty without a search. */
    public ReadOnlyStringProperty matchSummaryProperty() { return matchSummary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
}
