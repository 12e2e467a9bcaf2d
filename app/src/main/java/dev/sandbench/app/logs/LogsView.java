package dev.sandbench.app.logs;

import atlantafx.base.controls.CustomTextField;
import dev.sandbench.client.sandboxes.LogEntry;
import javafx.animation.KeyFrame;
import javafx.application.Platform;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.File;
import java.util.List;

/**
 * The "Logs" tab of the bottom panel: the log with search (Enter / Shift+Enter in the field, F3 /
 * Shift+F3 anywhere in the tab), a time column to switch off, follow, copy and save.
 */
public final class LogsView {
    private static final PseudoClass NONE = PseudoClass.getPseudoClass("none");
    private static final KeyCombination COPY = KeyCombination.keyCombination("Shortcut+C");
    private final BorderPane root = new BorderPane();
    private final LogsViewModel vm;
    private final ListView<LogEntry> list;

    public LogsView(LogsViewModel vm, ObservableBooleanValue showing) {
        this.vm = vm;
        root.getStylesheets().add(LogsView.class.getResource("logs.css").toExternalForm());
        root.getStyleClass().add("logs-view");
        list = new ListView<>(vm.entries());
        list.setId("logList");
        list.getStyleClass().add("log-list");
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(l -> new LogCell(vm));
        list.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                e.consume();
                copy();
            }
        });
        vm.entries().addListener((ListChangeListener<LogEntry>) c -> scrollToEndIfFollowing());
        vm.queryProperty().addListener((o, a, b) -> list.refresh());
        vm.timestampsProperty().addListener((o, a, b) -> list.refresh());
        vm.currentMatchProperty().addListener((o, a, b) -> list.refresh());
        vm.revealProperty().addListener((o, a, b) -> reveal());

        Label empty = new Label();
        empty.getStyleClass().add("muted");
        empty.textProperty().bind(vm.noteProperty());
        list.setPlaceholder(empty);
        // A list scrolled while hidden does not stay scrolled: catch up when it shows or follow is ticked.
        showing.addListener((o, a, b) -> {
            if (b) scrollToEndIfFollowing();
        });
        vm.followProperty().addListener((o, a, b) -> scrollToEndIfFollowing());
        root.setTop(bar(vm));
        root.setCenter(list);
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F3 && !e.isControlDown() && !e.isAltDown()) {
                e.consume();
                if (e.isShiftDown()) vm.previous();
                else vm.next();
            }
        });
        Timeline poll = new Timeline(new KeyFrame(Duration.seconds(2), e -> {
            if (vm.followProperty().get() && showing.get()) vm.refresh();
        }));
        poll.setCycleCount(Timeline.INDEFINITE);
        poll.play();
    }

    private Node bar(LogsViewModel vm) {
        CheckBox follow = new CheckBox("Follow");
        follow.setId("logFollow");
        follow.selectedProperty().bindBidirectional(vm.followProperty());
        CheckBox times = new CheckBox("Timestamps");
        times.setId("logTimestamps");
        times.selectedProperty().bindBidirectional(vm.timestampsProperty());
        Button reload = button(null, Feather.REFRESH_CW, "logRefresh");
        reload.setTooltip(new Tooltip("Read the log again"));
        reload.setOnAction(e -> vm.refresh());

        CustomTextField search = new CustomTextField();
        search.setId("logSearch");
        search.setPromptText("Search the log");
        search.setLeft(new FontIcon(Feather.SEARCH));
        search.setPrefColumnCount(14);
        search.setMinWidth(110);
        HBox.setHgrow(search, Priority.SOMETIMES);
        search.setTooltip(new Tooltip("Enter or F3: next match. Shift+Enter or Shift+F3: previous. Esc: clear."));
        search.textProperty().bindBidirectional(vm.queryProperty());
        search.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                if (e.isShiftDown()) vm.previous();
                else vm.next();
            } else if (e.getCode() == KeyCode.ESCAPE && !search.getText().isEmpty()) {
                e.consume();
                search.clear();
            }
        });
        Label count = new Label();
        count.setId("logMatchCount");
        count.getStyleClass().add("log-match-count");
        count.textProperty().bind(vm.matchSummaryProperty());
        vm.matchSummaryProperty().addListener((o, a, b) -> count.pseudoClassStateChanged(NONE, "No matches".equals(b)));
        Button prev = button(null, Feather.CHEVRON_UP, "logPrevious");
        prev.setTooltip(new Tooltip("Previous match (Shift+Enter, Shift+F3)"));
        prev.setOnAction(e -> vm.previous());
        Button next = button(null, Feather.CHEVRON_DOWN, "logNext");
        next.setTooltip(new Tooltip("Next match (Enter, F3)"));
        next.setOnAction(e -> vm.next());
        prev.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.currentMatchProperty().get() == null, vm.currentMatchProperty()));
        next.disableProperty().bind(prev.disableProperty());

        Label note = new Label();
        note.getStyleClass().add("muted");
        note.textProperty().bind(vm.noteProperty());
        note.setMinWidth(0);
        HBox.setHgrow(note, Priority.ALWAYS);
        note.setMaxWidth(Double.MAX_VALUE);
        Button copy = button(null, Feather.COPY, "logCopy");
        copy.setTooltip(new Tooltip("Copy the selected lines, or the whole log when none are selected (Ctrl+C in the list)"));
        copy.setOnAction(e -> copy());
        Button save = button(null, Feather.SAVE, "logSave");
        save.setTooltip(new Tooltip("Save the whole log, with full timestamps, to a file…"));
        save.setOnAction(e -> save());
        copy.disableProperty().bind(Bindings.isEmpty(vm.entries()));
        save.disableProperty().bind(copy.disableProperty());

        HBox bar = new HBox(follow, times, reload, search, prev, next, count, note, copy, save);
        bar.getStyleClass().add("logs-bar");
        for (Node n : bar.getChildren()) {
            // Controls keep their size; the search field and the note give way in a narrow panel.
            if (n != search && n != note && n instanceof Region r) r.setMinWidth(Region.USE_PREF_SIZE);
        }
        return bar;
    }

    private static Button button(String text, Feather icon, String id) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        if (text == null) b.getStyleClass().add("button-icon");
        return b;
    }

    private void scrollToEndIfFollowing() {
        if (!vm.followProperty().get() || vm.entries().isEmpty()) return;
        list.scrollTo(vm.entries().size() - 1);
        // Again after the layout pass: a horizontal scroll bar that appears for a long new line
        // would otherwise cover the last line.
        Platform.runLater(() -> {
            if (vm.followProperty().get() && !vm.entries().isEmpty()) list.scrollTo(vm.entries().size() - 1);
        });
    }

    private void reveal() {
        LogSearch.Match m = vm.currentMatchProperty().get();
        if (m == null) return;
        list.scrollTo(Math.max(0, m.line() - 3));
        list.getFocusModel().focus(m.line());
    }

    /** Copies the selected lines in log order, or everything when nothing is selected. */
    void copy() {
        List<LogEntry> selected = list.getSelectionModel().getSelectedIndices().stream().sorted()
                .filter(i -> i >= 0 && i < vm.entries().size()).map(vm.entries()::get).toList();
        ClipboardContent content = new ClipboardContent();
        content.putString(vm.copyText(selected));
        Clipboard.getSystemClipboard().setContent(content);
    }

    private void save() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save log");
        chooser.setInitialFileName(vm.suggestedFileName());
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Log files", "*.log", "*.txt"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) vm.save(file.toPath());
    }

    public ListView<LogEntry> list() {
        return list;
    }

    public Node node() {
        return root;
    }
}
