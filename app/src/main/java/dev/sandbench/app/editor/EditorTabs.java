package dev.sandbench.app.editor;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.events.EngineEvent;
import dev.sandbench.client.files.FileEntry;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Editor tabs in the centre: open a sandbox file (or a scratch buffer), save, run, find, go to
 * line; a dirty marker on the tab; closing a dirty tab asks; a file changed in the sandbox while
 * open offers a reload.
 */
public final class EditorTabs {
    private final TabPane tabs;
    private final UiExecutor ui;
    private final Notifier notifier;
    private final RunViewModel run;
    private final Supplier<Window> owner;
    private final Path recoveryDir;
    private final Map<Tab, CodeEditor> editors = new HashMap<>();
    private Runnable showRunTab = () -> { };

    public EditorTabs(TabPane tabs, UiExecutor ui, Notifier notifier, RunViewModel run, Supplier<Window> owner, Path recoveryDir) {
        this.tabs = tabs;
        this.ui = ui;
        this.notifier = notifier;
        this.run = run;
        this.owner = owner;
        this.recoveryDir = recoveryDir;
    }

    public void setShowRunTab(Runnable r) {
        showRunTab = r;
    }

    /** Opens a sandbox file, or shows its tab when it is open already. */
    public void open(Connection c, SandboxItem sandbox, FileEntry file) {
        for (var e : editors.entrySet()) {
            EditorDocument d = e.getValue().document();
            if (file.path().equals(d.path()) && sandbox.id().equals(d.sandboxId())) {
                tabs.getSelectionModel().select(e.getKey());
                return;
            }
        }
        EditorDocument.open(c.client(), sandbox.id(), file, ui, this::add, why -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION, why);
            a.initOwner(owner.get());
            a.setHeaderText("Not opened in the editor");
            a.getDialogPane().setId("refusedDialog");
            a.show();
        });
    }

    /** A new scratch buffer for code that is not a file yet. */
    public void openScratch(Connection c, SandboxItem sandbox, Language language) {
        add(EditorDocument.scratch(c.client(), sandbox.id(), language, ui));
    }

    private void add(EditorDocument doc) {
        CodeEditor editor = new CodeEditor(doc);
        Tab tab = new Tab();
        tab.setGraphic(new FontIcon(doc.path() == null ? Feather.EDIT : Feather.FILE_TEXT));
        tab.textProperty().bind(Bindings.createStringBinding(() -> (doc.dirtyProperty().get() ? "● " : "") + doc.title(),
                doc.dirtyProperty(), doc.pathProperty()));
        tab.setTooltip(new Tooltip((doc.path() == null ? "scratch buffer" : doc.path()) + " in " + doc.sandboxId()));
        tab.setId("editor-" + doc.title().replaceAll("[^A-Za-z0-9_-]", "_"));
        BorderPane pane = new BorderPane(editor.node());
        pane.setTop(new VBox(banner(doc, editor), toolbar(doc, editor)));
        tab.setContent(pane);
        tab.setOnCloseRequest(e -> {
            if (!confirmClose(doc)) e.consume();
        });
        tab.setOnClosed(e -> editors.remove(tab));
        editors.put(tab, editor);
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
        editor.area().requestFocus();
    }

    private javafx.scene.Node banner(EditorDocument doc, CodeEditor editor) {
        Label text = new Label("This file changed in the sandbox since you opened it.");
        Button reload = new Button("Reload");
        reload.setId("reloadFile");
        reload.setOnAction(e -> doc.reload(() -> { }));
        Button keep = new Button("Keep mine");
        keep.setOnAction(e -> doc.keepMine());
        HBox box = new HBox(10, new FontIcon(Feather.ALERT_TRIANGLE), text, reload, keep);
        box.getStyleClass().add("note-banner");
        box.setId("changedBanner");
        box.visibleProperty().bind(doc.changedOutsideProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private javafx.scene.Node toolbar(EditorDocument doc, CodeEditor editor) {
        ComboBox<Language> lang = new ComboBox<>(FXCollections.observableArrayList(Language.values()));
        lang.valueProperty().bindBidirectional(doc.languageProperty());
        lang.setTooltip(new Tooltip("Language (colouring and how Run runs it)"));
        CheckBox persistent = new CheckBox("Persistent interpreter");
        persistent.setId("persistentToggle");
        persistent.setTooltip(new Tooltip("Keep variables between runs (Python, JavaScript)"));
        persistent.selectedProperty().bindBidirectional(doc.persistentProperty());
        persistent.visibleProperty().bind(Bindings.createBooleanBinding(() -> doc.languageProperty().get().persistable(), doc.languageProperty()));
        Button runButton = new Button("Run", new FontIcon(Feather.PLAY));
        runButton.setId("runButton");
        runButton.setTooltip(new Tooltip("Run the buffer, or the selection (Ctrl+Enter)"));
        runButton.setOnAction(e -> run(editor));
        runButton.disableProperty().bind(Bindings.createBooleanBinding(() -> !doc.languageProperty().get().runnable(), doc.languageProperty()));
        Button stop = new Button("Stop", new FontIcon(Feather.SQUARE));
        stop.disableProperty().bind(run.runningProperty().not());
        stop.setOnAction(e -> run.stop());
        Label where = new Label(doc.path() == null ? "scratch in " + doc.sandboxId() : doc.path() + " · " + doc.sandboxId());
        where.getStyleClass().add("muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, where, spacer, lang, persistent, runButton, stop);
        bar.setStyle("-fx-padding: 4 8 4 8; -fx-alignment: center-left;");
        return bar;
    }

    private boolean confirmClose(EditorDocument doc) {
        if (!doc.dirtyProperty().get()) return true;
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Save the changes to " + doc.title() + " before closing?",
                save, discard, ButtonType.CANCEL);
        a.initOwner(owner.get());
        a.setHeaderText(doc.title() + " has unsaved changes");
        a.getDialogPane().setId("unsavedDialog");
        ButtonType b = a.showAndWait().orElse(ButtonType.CANCEL);
        if (b == discard) return true;
        if (b != save) return false;
        saveDocument(doc, () -> {
            for (var e : new ArrayList<>(editors.entrySet())) {
                if (e.getValue().document() == doc) tabs.getTabs().remove(e.getKey());
            }
        });
        return false; // closes once saved
    }

    /** The editor in the selected tab, or null. */
    public CodeEditor current() {
        return editors.get(tabs.getSelectionModel().getSelectedItem());
    }

    public boolean hasEditor() {
        return current() != null;
    }

    public void save() {
        CodeEditor e = current();
        if (e != null) saveDocument(e.document(), () -> { });
    }

    private void saveDocument(EditorDocument doc, Runnable done) {
        if (doc.path() == null) {
            TextInputDialog d = new TextInputDialog("/workspace/" + doc.title());
            d.initOwner(owner.get());
            d.setTitle("Save scratch buffer");
            d.setHeaderText("Save as (a path in the sandbox)");
            d.showAndWait().map(String::strip).filter(p -> p.startsWith("/")).ifPresent(p ->
                    doc.saveAs(p, () -> {
                        notifier.success("Saved", p);
                        done.run();
                    }, ex -> notifier.error("Could not save " + p, ex)));
            return;
        }
        doc.save(() -> {
            notifier.success("Saved", doc.path());
            done.run();
        }, ex -> notifier.error("Could not save " + doc.path(), ex));
    }

    public void run() {
        CodeEditor e = current();
        if (e != null) run(e);
    }

    private void run(CodeEditor e) {
        EditorDocument d = e.document();
        showRunTab.run();
        run.run(d.client(), d.sandboxId(), d.languageProperty().get(), e.codeToRun(), d.persistentProperty().get());
    }

    public void find(boolean replace) {
        CodeEditor e = current();
        if (e != null) e.showFind(replace);
    }

    public void goToLine() {
        CodeEditor e = current();
        if (e == null) return;
        TextInputDialog d = new TextInputDialog(Integer.toString(e.area().getCurrentParagraph() + 1));
        d.initOwner(owner.get());
        d.setTitle("Go to line");
        d.setHeaderText("Line number (1 to " + e.area().getParagraphs().size() + ")");
        d.showAndWait().map(String::strip).ifPresent(s -> {
            try {
                e.goToLine(Integer.parseInt(s));
            } catch (NumberFormatException ex) {
                notifier.warning("Not a line number", s);
            }
        });
    }

    /** Closes the selected editor tab (asking first when it has unsaved changes). */
    public void closeCurrent() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        CodeEditor e = editors.get(t);
        if (e != null && confirmClose(e.document())) {
            tabs.getTabs().remove(t);
            editors.remove(t);
        }
    }

    /** Follows files.changed for the open files. */
    public void onEvents(List<EngineEvent> batch) {
        for (EngineEvent ev : batch) {
            if (!"files.changed".equals(ev.type()) || ev.data() == null) continue;
            Set<String> paths = new HashSet<>();
            ev.data().path("paths").forEach(p -> paths.add(p.asText()));
            for (CodeEditor e : editors.values()) {
                EditorDocument d = e.document();
                if (d.path() != null && d.sandboxId().equals(ev.sandboxId()) && paths.contains(d.path())) d.fileChanged();
            }
        }
    }

    /**
     * The connection is going away: unsaved buffers are written to the local recovery folder (so
     * nothing typed is lost), then every editor closes.
     */
    public void closeAll() {
        List<String> kept = new ArrayList<>();
        for (CodeEditor e : editors.values()) {
            EditorDocument d = e.document();
            if (!d.dirtyProperty().get()) continue;
            String name = d.sandboxId() + "-" + d.title();
            String text = d.textProperty().get();
            kept.add(name);
            ui.run("keep " + name, () -> {
                Files.createDirectories(recoveryDir);
                return Files.writeString(recoveryDir.resolve(name), text);
            }, p -> { }, ex -> notifier.error("Could not keep the unsaved " + name, ex));
        }
        if (!kept.isEmpty()) notifier.warning("Unsaved buffers kept", "Written to " + recoveryDir + ": " + String.join(", ", kept));
        for (Tab t : new ArrayList<>(editors.keySet())) tabs.getTabs().remove(t);
        editors.clear();
    }

    public List<CodeEditor> all() {
        return new ArrayList<>(editors.values());
    }
}
