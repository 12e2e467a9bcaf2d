package dev.sandbench.app.shell;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.explorer.ExplorerViewModel;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.snapshots.CreateSnapshotDialog;
import dev.sandbench.app.snapshots.SnapshotsViewModel;
import dev.sandbench.client.snapshots.Snapshot;
import javafx.scene.control.TextInputDialog;
import javafx.stage.FileChooser;

import java.io.File;

/** What the snapshot actions do: the dialogs and questions around the snapshots view-model. */
final class SnapshotCommands {
    private final Workbench wb;
    private final MainWindow window;

    SnapshotCommands(Workbench wb, MainWindow window) {
        this.wb = wb;
        this.window = window;
    }

    private SnapshotsViewModel vm() {
        return wb.snapshots();
    }

    void take() {
        SandboxItem item = wb.explorer().selectedProperty().get();
        if (item == null) return;
        window.showSnapshots();
        CreateSnapshotDialog.ask(window.stage(), ExplorerViewModel.label(item))
                .ifPresent(a -> vm().create(a.name(), a.description(), snap -> { }));
    }

    void restore() {
        Snapshot s = vm().selectedProperty().get();
        if (s == null) return;
        String what = SnapshotsViewModel.label(s);
        if (!confirm("Restore " + what + "?", "Restore " + what + "? Files in " + s.sandboxId()
                + " go back to the snapshot: changes made since are lost.", "Restore")) return;
        vm().restore(s);
    }

    void fork() {
        Snapshot s = vm().selectedProperty().get();
        if (s == null) return;
        TextInputDialog d = new TextInputDialog((s.name() == null ? s.id() : s.name()) + "-fork");
        d.initOwner(window.stage());
        d.setTitle("Fork snapshot");
        d.setHeaderText("A new sandbox with the files of " + SnapshotsViewModel.label(s));
        d.setContentText("Name");
        d.getDialogPane().setId("forkDialog");
        d.showAndWait().ifPresent(name -> vm().fork(s, name, sb -> { }));
    }

    /** Opens a comparison of the selected snapshot with the sandbox's files now (other snapshots to choose). */
    void compare() {
        Snapshot s = vm().selectedProperty().get();
        Connection c = wb.connections().active();
        if (s == null || c == null) return;
        var model = new dev.sandbench.app.snapshots.CompareViewModel(wb.ui(), c.client(), s, java.util.List.copyOf(vm().snapshots()));
        window.openTab("Compare \u00b7 " + SnapshotsViewModel.label(s), "compareTab",
                new dev.sandbench.app.snapshots.CompareView(model).node());
    }

    void download() {
        Snapshot s = vm().selectedProperty().get();
        if (s == null) return;
        FileChooser fc = new FileChooser();
        fc.setTitle("Save snapshot archive");
        fc.setInitialFileName((s.name() == null ? s.id() : s.name()) + "." + (s.format() == null ? "tar.gz" : s.format()));
        File f = fc.showSaveDialog(window.stage());
        if (f != null) vm().download(s, f.toPath(), p -> { });
    }

    void importArchive() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Import a snapshot archive");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Snapshot archives", "*.tar.zst", "*.tar.gz", "*.tgz"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = fc.showOpenDialog(window.stage());
        if (f != null) vm().importArchive(f.toPath(), snap -> { });
    }

    void delete() {
        Snapshot s = vm().selectedProperty().get();
        if (s == null) return;
        String what = SnapshotsViewModel.label(s);
        if (confirm("Delete " + what + "?", "Delete " + what + " and its archive?", "Delete")) vm().delete(s);
    }

    private boolean confirm(String title, String question, String verb) {
        Connection c = wb.connections().active();
        return Confirm.destructive(window.stage(), title, question, verb, c != null && c.profile().shared(),
                c == null ? "" : c.profile().name());
    }
}
