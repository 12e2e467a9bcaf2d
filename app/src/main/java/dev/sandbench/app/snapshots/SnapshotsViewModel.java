package dev.sandbench.app.snapshots;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.explorer.ExplorerViewModel;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.events.EngineEvent;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.snapshots.Snapshot;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The selected sandbox's snapshots, newest first, and what can be done with them: take, restore,
 * fork into a new sandbox, download, import, delete. The list follows the engine's
 * {@code snapshot.progress} events. Use on the UI thread.
 */
public final class SnapshotsViewModel {
    private static final String SELECT = "Select a sandbox to see its snapshots.";
    private final UiExecutor ui;
    private final Notifier notifier;
    private final ExplorerViewModel explorer;
    private final ObjectProperty<SandboxItem> item = new SimpleObjectProperty<>(this, "item");
    private final ObjectProperty<Connection> connection = new SimpleObjectProperty<>(this, "connection");
    private final ObjectProperty<Snapshot> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<Snapshot> snapshots = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", SELECT);
    /** Progress of the running operation: 0..1, -1 when its extent is unknown, 1 when none runs. */
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 1);
    private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper(this, "activity", "");
    private long request;

    public SnapshotsViewModel(UiExecutor ui, Notifier notifier, ExplorerViewModel explorer) {
        this.ui = ui;
        this.notifier = notifier;
        this.explorer = explorer;
        item.addListener((o, a, b) -> {
            if (a != null && b != null && a.id().equals(b.id())) return;
            snapshots.clear();
            refresh();
        });
        connection.addListener((o, a, b) -> {
            snapshots.clear();
            refresh();
        });
    }

    /** Reads the list again. */
    public void refresh() {
        SandboxItem i = item.get();
        Connection c = connection.get();
        long mine = ++request;
        if (i == null || c == null) {
            snapshots.clear();
            note.set(SELECT);
            return;
        }
        ui.run("list snapshots", () -> c.client().snapshots().list(i.id()), list -> {
            if (mine != request) return;
            Snapshot keep = selected.get();
            snapshots.setAll(list.stream().sorted(Comparator.comparing(Snapshot::createdAt,
                    Comparator.nullsLast(Comparator.reverseOrder()))).toList());
            if (keep != null) selected.set(snapshots.stream().filter(s -> s.id().equals(keep.id())).findFirst().orElse(null));
            note.set(list.isEmpty() ? "No snapshots of " + ExplorerViewModel.label(i) + " yet." : "");
        }, e -> {
            if (mine == request) note.set("Could not list snapshots: " + Notifier.describe(e));
        });
    }

    /** Follows snapshots being written (by anyone) for the selected sandbox. */
    public void onEvents(List<EngineEvent> batch) {
        SandboxItem i = item.get();
        if (i == null) return;
        boolean reload = false;
        for (EngineEvent e : batch) {
            if ("reset".equals(e.type())) reload = true;
            if (!"snapshot.progress".equals(e.type()) || !i.id().equals(e.sandboxId())) continue;
            int pct = e.data() == null ? 0 : e.data().path("percent").asInt();
            if (busy()) progress.set(pct / 100.0);
            boolean known = snapshots.stream().anyMatch(s -> s.id().equals(e.data().path("snapshot_id").asText()));
            if (pct >= 100 || !known) reload = true;
        }
        if (reload) refresh();
    }

    /** Takes a snapshot of the selected sandbox; {@code done} gets it once completed. */
    public void create(String name, String description, Consumer<Snapshot> done) {
        SandboxItem i = item.get();
        SandbenchClient client = client();
        if (i == null || client == null) return;
        begin("Taking snapshot " + name + "…", 0);
        ui.run("snapshot " + i.id(), () -> client.snapshots().create(i.id(), blankToNull(name), blankToNull(description)), snap -> {
            end();
            notifier.success("Snapshot taken", ExplorerViewModel.label(i) + ": " + label(snap));
            refresh();
            done.accept(snap);
        }, e -> failed("Could not snapshot " + ExplorerViewModel.label(i), e));
    }

    /** Puts the snapshot's files back into its sandbox (ask first: newer changes are lost). */
    public void restore(Snapshot s) {
        SandbenchClient client = client();
        if (client == null) return;
        begin("Restoring " + label(s) + "…", -1);
        ui.run("restore " + s.id(), () -> client.snapshots().restore(s.id()), r -> {
            end();
            notifier.success("Snapshot restored", label(s) + " is back in " + s.sandboxId());
        }, e -> failed("Could not restore " + label(s), e));
    }

    /** Starts a new sandbox with the snapshot's files; the explorer selects it. */
    public void fork(Snapshot s, String name, Consumer<Sandbox> done) {
        if (client() == null) return;
        begin("Forking " + label(s) + "…", -1);
        CreateSandbox.Builder b = CreateSandbox.builder().fromSnapshot(s.id());
        if (name != null && !name.isBlank()) b.name(name.strip());
        SandboxItem from = item.get();
        if (from != null && from.sandbox().template() != null) b.template(from.sandbox().template());
        explorer.create(b.build(), sb -> {
            end();
            notifier.success("Forked " + label(s), "into " + sb.id() + (sb.name() == null ? "" : " (" + sb.name() + ")"));
            done.accept(sb);
        }, e -> failed("Could not fork " + label(s), e));
    }

    /** Saves the snapshot's archive to {@code file}. */
    public void download(Snapshot s, Path file, Consumer<Path> done) {
        SandbenchClient client = client();
        if (client == null) return;
        begin("Downloading " + label(s) + " to " + file.getFileName() + "…", 0);
        double[] latest = {0};
        boolean[] scheduled = {false};
        ui.run("download " + s.id(), () -> client.snapshots().download(s.id(), file, (got, total) -> {
            // Progress arrives per 64 KiB: hand the UI the latest value, at most one update pending.
            boolean schedule;
            synchronized (latest) {
                latest[0] = total > 0 ? (double) got / total : -1;
                schedule = !scheduled[0];
                scheduled[0] = true;
            }
            if (schedule) ui.onUi(() -> {
                synchronized (latest) {
                    scheduled[0] = false;
                    if (busy()) progress.set(latest[0]);
                }
            });
        }), p -> {
            end();
            notifier.success("Snapshot downloaded", label(s) + " → " + p);
            done.accept(p);
        }, e -> failed("Could not download " + label(s), e));
    }

    /** Uploads an archive as a new snapshot of the selected sandbox. */
    public void importArchive(Path archive, Consumer<Snapshot> done) {
        SandboxItem i = item.get();
        SandbenchClient client = client();
        if (i == null || client == null) return;
        String name = archive.getFileName().toString().replaceFirst("\\.tar(\\.(gz|zst))?$", "");
        begin("Importing " + archive.getFileName() + "…", -1);
        ui.run("import snapshot", () -> client.snapshots().importArchive(i.id(), archive, name), snap -> {
            end();
            notifier.success("Snapshot imported", label(snap) + " in " + ExplorerViewModel.label(i));
            refresh();
            done.accept(snap);
        }, e -> failed("Could not import " + archive.getFileName(), e));
    }

    public void delete(Snapshot s) {
        SandbenchClient client = client();
        if (client == null) return;
        ui.run("delete " + s.id(), () -> {
            client.snapshots().delete(s.id());
            return s;
        }, gone -> {
            snapshots.removeIf(x -> x.id().equals(s.id()));
            if (selected.get() != null && selected.get().id().equals(s.id())) selected.set(null);
            refresh();
        }, e -> notifier.error("Could not delete " + label(s), e));
    }

    private void begin(String what, double start) {
        activity.set(what);
        progress.set(start);
    }

    private void end() {
        activity.set("");
        progress.set(1);
    }

    private void failed(String title, Throwable e) {
        end();
        notifier.error(title, e);
        refresh();
    }

    public boolean busy() {
        return progress.get() < 1;
    }

    private SandbenchClient client() {
        Connection c = connection.get();
        return c == null ? null : c.client();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** "before-upgrade (snap_x)", or the id alone for an unnamed snapshot. */
    public static String label(Snapshot s) {
        return s.name() == null || s.name().isBlank() ? s.id() : s.name() + " (" + s.id() + ")";
    }

    public ObjectProperty<SandboxItem> itemProperty() { return item; }
    public ObjectProperty<Connection> connectionProperty() { return connection; }
    public ObjectProperty<Snapshot> selectedProperty() { return selected; }
    public ObservableList<Snapshot> snapshots() { return snapshots; }
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty activityProperty() { return activity.getReadOnlyProperty(); }
}
