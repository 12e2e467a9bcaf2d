package dev.sandbench.app.stats;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.connection.Feature;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.FileExport;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.sandboxes.SandboxStats;
import dev.sandbench.client.sandboxes.SandboxStatus;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Stats tab's state: the selected sandbox's CPU, memory, processes and disk over the last ten
 * minutes, read from the engine every few seconds while the tab is showing, and CSV export. Use
 * on the UI thread; the readings are taken on a named background thread.
 */
public final class StatsViewModel implements AutoCloseable {
    /** The refresh intervals offered, in seconds. */
    public static final List<Integer> INTERVALS = List.of(1, 2, 5, 10);

    private final UiExecutor ui;
    private final Notifier notifier;
    private final ObjectProperty<SandboxItem> item = new SimpleObjectProperty<>(this, "item");
    private final ObjectProperty<Connection> connection = new SimpleObjectProperty<>(this, "connection");
    private final BooleanProperty showing = new SimpleBooleanProperty(this, "showing");
    private final IntegerProperty interval = new SimpleIntegerProperty(this, "interval", 2);
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version");
    private final ReadOnlyObjectWrapper<SandboxStats> lastReading = new ReadOnlyObjectWrapper<>(this, "lastReading");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note");
    private final StatsHistory history = new StatsHistory();
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> polling;
    private long generation;

    public StatsViewModel(UiExecutor ui, Notifier notifier, int intervalSeconds) {
        this.ui = ui;
        this.notifier = notifier;
        this.interval.set(INTERVALS.contains(intervalSeconds) ? intervalSeconds : 2);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbench-stats-poll");
            t.setDaemon(true);
            return t;
        });
        item.addListener((o, a, b) -> switchTo(b));
        connection.addListener((o, a, b) -> switchTo(item.get()));
        showing.addListener((o, a, b) -> schedule());
        interval.addListener((o, a, b) -> schedule());
        switchTo(null);
    }

    /** A new sandbox (or connection): its own history, starting from what the explorer already has. */
    private void switchTo(SandboxItem i) {
        generation++;
        history.clear();
        lastReading.set(null);
        if (i != null) history.seed(i.history(), i.lastStats());
        if (i != null) lastReading.set(i.lastStats());
        describe();
        changed();
        schedule();
    }

    /** Polls while the tab is showing and a sandbox is selected; otherwise not at all. */
    private void schedule() {
        boolean wasPolling = polling != null;
        if (polling != null) {
            polling.cancel(false);
            polling = null;
        }
        SandboxItem i = item.get();
        Connection c = connection.get();
        if (!showing.get() || i == null || c == null || !c.capabilities().has(Feature.STATS)) {
            if (wasPolling) history.interrupt(System.currentTimeMillis());
            return;
        }
        long gen = generation;
        String id = i.id();
        SandbenchClient client = c.client();
        polling = timer.scheduleWithFixedDelay(() -> poll(client, id, gen), 0, interval.get(), TimeUnit.SECONDS);
    }

    private void poll(SandbenchClient client, String id, long gen) {
        SandboxStats s;
        try {
            s = client.sandboxes().stats(id);
        } catch (RuntimeException e) {
            ui.onUi(() -> {
                if (gen == generation) note.set("Could not read the sandbox's resource use: " + Notifier.describe(e));
            });
            return;
        }
        ui.onUi(() -> {
            if (gen == generation) accept(s);
        });
    }

    /** Takes one reading (what the poller delivers; tests call it directly). */
    public void accept(SandboxStats s) {
        history.add(s);
        lastReading.set(s);
        describe();
        changed();
    }

    private void describe() {
        SandboxItem i = item.get();
        Connection c = connection.get();
        SandboxStats s = lastReading.get();
        if (i == null) note.set("Select a sandbox to see its resource use.");
        else if (c != null && !c.capabilities().has(Feature.STATS)) note.set(Feature.STATS.whyMissing());
        else if (s == null) note.set("Waiting for the first reading…");
        else if (s.status() == SandboxStatus.PAUSED) note.set("Paused: frozen, so no CPU; its memory stays held.");
        else if (s.status() != SandboxStatus.RUNNING) note.set(statusWord(s.status()) + ": not running, so there is nothing to measure.");
        else note.set("");
    }

    private static String statusWord(SandboxStatus st) {
        if (st == null) return "Not running";
        String w = st.name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private void changed() {
        version.set(version.get() + 1);
    }

    /** The readings of the last ten minutes, oldest first, with breaks where nothing was measured. */
    public List<StatsSample> history() {
        return history.samples();
    }

    /** The history as CSV text (what {@link #exportCsv} writes). */
    public String csv() {
        return StatsCsv.format(history.samples());
    }

    /** A file name to offer: "my-sandbox-stats.csv". */
    public String suggestedFileName() {
        SandboxItem i = item.get();
        String name = i == null ? "sandbox" : i.sandbox().name() == null || i.sandbox().name().isBlank() ? i.id() : i.sandbox().name();
        return name.replaceAll("[^A-Za-z0-9._-]+", "_") + "-stats.csv";
    }

    /** Writes the history as CSV in the background; a toast says where, or why not. */
    public void exportCsv(Path file) {
        String text = csv();
        long rows = history.samples().stream().filter(StatsSample::live).count();
        ui.run("export stats", () -> {
            FileExport.write(file, text);
            return file;
        }, p -> notifier.success("Stats exported", rows + (rows == 1 ? " reading" : " readings") + " to " + p),
                e -> notifier.error("Could not export the stats", e));
    }

    public ObjectProperty<SandboxItem> itemProperty() { return item; }
    public ObjectProperty<Connection> connectionProperty() { return connection; }
    /** Set by the view: true while the Stats tab is on screen (polling happens only then). */
    public BooleanProperty showingProperty() { return showing; }
    /** Seconds between readings, one of {@link #INTERVALS}. */
    public IntegerProperty intervalProperty() { return interval; }
    /** Changes whenever the history changes (views redraw on it). */
    public ReadOnlyLongProperty versionProperty() { return version.getReadOnlyProperty(); }
    /** The engine's latest reading, with its limits (null before the first). */
    public ReadOnlyObjectProperty<SandboxStats> lastReadingProperty() { return lastReading.getReadOnlyProperty(); }
    /** What the numbers cannot show: no selection, paused, stopped, a failed reading; empty otherwise. */
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }

    @Override
    public void close() {
        if (polling != null) polling.cancel(false);
        timer.shutdownNow();
    }
}
