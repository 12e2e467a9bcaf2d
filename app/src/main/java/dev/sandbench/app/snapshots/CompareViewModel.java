package dev.sandbench.app.snapshots;

import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.NotFoundException;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.ValidationException;
import dev.sandbench.client.snapshots.Snapshot;
import dev.sandbench.client.snapshots.SnapshotDiff;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * A snapshot compared with its sandbox now or with another snapshot: the added, modified and
 * deleted paths, and for the selected file its text on both sides (or why there is no text diff).
 * Use on the UI thread.
 */
public final class CompareViewModel {
    /** The two texts of a file (null: absent on that side), or a sentence instead of a diff. */
    public record FileTexts(String path, String before, String after, String message) {}

    /** What to compare with: the sandbox's files now ({@code snapshot} null) or another snapshot. */
    public record Target(Snapshot snapshot) {
        @Override
        public String toString() {
            return snapshot == null ? "Current files" : SnapshotsViewModel.label(snapshot);
        }
    }

    private final UiExecutor ui;
    private final SandbenchClient client;
    private final Snapshot base;
    private final ObservableList<Target> targets = FXCollections.observableArrayList();
    private final ObjectProperty<Target> target = new SimpleObjectProperty<>(this, "target");
    private final ObservableList<SnapshotDiff.Change> changes = FXCollections.observableArrayList();
    private final ObjectProperty<SnapshotDiff.Change> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<FileTexts> texts = new ReadOnlyObjectWrapper<>(this, "texts");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "Comparing\u2026");
    private long request;
    private long textRequest;

    public CompareViewModel(UiExecutor ui, SandbenchClient client, Snapshot base, List<Snapshot> others) {
        this.ui = ui;
        this.client = client;
        this.base = base;
        targets.add(new Target(null));
        for (Snapshot s : others) if (!s.id().equals(base.id()) && s.completed()) targets.add(new Target(s));
        target.addListener((o, a, b) -> refresh());
        selected.addListener((o, a, b) -> loadTexts(b));
        target.set(targets.get(0));
    }

    /** Compares again (the sandbox may have changed). */
    public void refresh() {
        Target t = target.get();
        if (t == null) return;
        long mine = ++request;
        summary.set("Comparing\u2026");
        String against = t.snapshot() == null ? null : t.snapshot().id();
        ui.run("compare snapshot", () -> client.snapshots().diff(base.id(), against), d -> {
            if (mine != request) return;
            SnapshotDiff.Change keep = selected.get();
            changes.setAll(d.changes());
            summary.set(d.changes().isEmpty() ? "No differences."
                    : d.added() + " added, " + d.modified() + " modified, " + d.deleted() + " deleted");
            SnapshotDiff.Change again = keep == null ? null
                    : d.changes().stream().filter(c -> c.path().equals(keep.path())).findFirst().orElse(null);
            // Show first what most likely matters: a modified file, else any file.
            selected.set(again != null ? again : d.changes().stream()
                    .filter(c -> c.type().equals("file") && c.change().equals("modified")).findFirst()
                    .or(() -> d.changes().stream().filter(c -> c.type().equals("file")).findFirst())
                    .orElse(d.changes().isEmpty() ? null : d.changes().get(0)));
        }, e -> {
            if (mine != request) return;
            changes.clear();
            summary.set("Could not compare: " + Notifier.describe(e));
        });
    }

    private void loadTexts(SnapshotDiff.Change c) {
        long mine = ++textRequest;
        if (c == null) {
            texts.set(null);
            return;
        }
        if (!c.type().equals("file")) {
            texts.set(new FileTexts(c.path(), null, null, c.path() + ": " + (c.type().equals("dir") ? "directory" : "link") + " "
                    + c.change() + (c.modeChanged() ? " (permissions changed)" : "") + "."));
            return;
        }
        Target t = target.get();
        ui.run("read both sides of " + c.path(), () -> {
            String before = c.change().equals("added") ? null : client.snapshots().text(base.id(), c.path());
            String after = c.change().equals("deleted") ? null : t.snapshot() == null
                    ? client.files().readText(base.sandboxId(), c.path()) : client.snapshots().text(t.snapshot().id(), c.path());
            String note = c.modeChanged() && before != null && before.equals(after) ? c.path() + ": only the permissions changed." : null;
            return new FileTexts(c.path(), before, after, note);
        }, r -> {
            if (mine == textRequest) texts.set(r);
        }, e -> {
            if (mine != textRequest) return;
            String why = e instanceof ValidationException || e instanceof NotFoundException ? e.getMessage() : Notifier.describe(e);
            texts.set(new FileTexts(c.path(), null, null, "No text diff for " + c.path() + ": " + why));
        });
    }

    public Snapshot base() { return base; }
    public ObservableList<Target> targets() { return targets; }
    public ObjectProperty<Target> targetProperty() { return target; }
    public ObservableList<SnapshotDiff.Change> changes() { return changes; }
    public ObjectProperty<SnapshotDiff.Change> selectedProperty() { return selected; }
    public ReadOnlyObjectProperty<FileTexts> textsProperty() { return texts.getReadOnlyProperty(); }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
}
