package dev.sandbench.app.replay;

import dev.sandbench.client.sessions.TravelPlan;
import dev.sandbench.resources.Assets;
import dev.sandbench.terminal.ReplayTerminalView;
import javafx.animation.AnimationTimer;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.File;
import java.util.Collections;

/**
 * A replay tab: toolbar (play, speed, time, zoom, lanes, search, export, time travel), the
 * timeline, and below it the event list, the selected event's details and the session's terminal,
 * all following the playhead. Keys: space, left/right, [ and ], e, 0-9, + and -, ?.
 */
public final class ReplayView implements AutoCloseable {
    /** Marks the replay's nodes: plain keys belong to the replay while it has the focus. */
    public static final String STYLE_CLASS = "replay-view";
    private final ReplayViewModel vm;
    private final ReplayActions actions;
    private final StackPane root = new StackPane();
    private final TimelineCanvas timeline;
    private final ListView<Integer> list;
    private final EventDetailView detail;
    private final Label time = new Label();
    private final Label help = new Label();
    private final ReplayTerminalView terminal;
    private final TerminalSync terminalSync;
    private final AnimationTimer clock;

    public ReplayView(ReplayViewModel vm, ReplayActions actions, ObservableBooleanValue dark) {
        this.vm = vm;
        this.actions = actions;
        ReplayModel model = vm.model();
        timeline = new TimelineCanvas(vm);
        detail = new EventDetailView(travelButtons());
        timeline.darkProperty().bind(dark);
        list = eventList();
        if (model.terminals().isEmpty()) {
            terminal = null;
            terminalSync = null;
        } else {
            terminal = new ReplayTerminalView(dark.get(), 12);
            dark.addListener((o, a, b) -> terminal.setDark(b));
            terminalSync = new TerminalSync(model, terminal);
        }
        SplitPane lower = new SplitPane();
        lower.setOrientation(Orientation.HORIZONTAL);
        if (terminal != null) {
            lower.getItems().addAll(list, detail.node(), terminal.node());
            lower.setDividerPositions(0.3, 0.64);
        } else {
            // No terminal in this session: the details take its room.
            lower.getItems().addAll(list, detail.node());
            lower.setDividerPositions(0.36);
        }
        SplitPane body = new SplitPane(timeline.node(), lower);
        body.setOrientation(Orientation.VERTICAL);
        SplitPane.setResizableWithParent(timeline.node(), false);
        BorderPane main = new BorderPane();
        main.setTop(toolbar());
        main.setCenter(body);
        help.setText("""
                Replay keys
                Space        play / pause
                \u2190 \u2192          step
                [ ]          previous / next event
                e            next error
                0 \u2026 9        jump to 0% \u2026 90%
                + \u2212          zoom in / out
                ?            this help""");
        help.getStyleClass().add("replay-help");
        help.setVisible(false);
        help.setMouseTransparent(true);
        StackPane.setAlignment(help, javafx.geometry.Pos.TOP_RIGHT);
        root.getChildren().addAll(main, help);
        root.getStyleClass().add(STYLE_CLASS);
        root.setId("replayView");
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        root.addEventFilter(KeyEvent.KEY_TYPED, this::typed);

        vm.playheadProperty().addListener((o, a, b) -> onPlayhead());
        vm.selectedProperty().addListener((o, a, b) -> onSelected(b.intValue()));
        clock = new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (last != 0) vm.tick((now - last) / 1e6);
                last = vm.playingProperty().get() ? now : 0;
                if (!vm.playingProperty().get()) stop();
            }

            @Override
            public void start() {
                last = 0;
                super.start();
            }
        };
        vm.playingProperty().addListener((o, a, b) -> {
            if (b) clock.start();
        });
        onPlayhead();
        onSelected(vm.selectedProperty().get());
    }

    private javafx.scene.control.ToolBar toolbar() {
        Button play = new Button();
        play.setId("replayPlay");
        FontIcon playIcon = new FontIcon(Feather.PLAY);
        play.setGraphic(playIcon);
        vm.playingProperty().addListener((o, a, b) -> playIcon.setIconCode(b ? Feather.PAUSE : Feather.PLAY));
        play.setTooltip(new Tooltip("Play / pause (space)"));
        play.setOnAction(e -> vm.togglePlay());
        ComboBox<Double> speed = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(ReplayViewModel.SPEEDS));
        speed.setId("replaySpeed");
        speed.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double d) {
                return d == null ? "" : (d == Math.floor(d) ? String.valueOf(d.intValue()) : String.valueOf(d)) + "\u00d7";
            }

            @Override
            public Double fromString(String s) {
                return Double.valueOf(s.replace("\u00d7", ""));
            }
        });
        speed.setValue(vm.speedProperty().get());
        speed.valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.speedProperty().set(b);
        });
        speed.setTooltip(new Tooltip("Playback speed (idle gaps are compressed)"));
        time.setId("replayTime");
        time.getStyleClass().add("replay-time");
        Button zoomIn = iconButton(Feather.ZOOM_IN, "Zoom in (+)", () -> vm.zoom(0.5, vm.playheadProperty().get()));
        Button zoomOut = iconButton(Feather.ZOOM_OUT, "Zoom out (\u2212)", () -> vm.zoom(2, vm.playheadProperty().get()));
        Button fit = iconButton(Feather.MAXIMIZE_2, "Show the whole session", vm::fit);
        MenuButton lanes = new MenuButton(null, new FontIcon(Feather.LAYERS));
        lanes.setTooltip(new Tooltip("Lanes shown (click a lane's name on the timeline too)"));
        for (Lane l : Lane.values()) {
            CheckMenuItem item = new CheckMenuItem(l.title());
            item.setSelected(!vm.hiddenLanes().contains(l));
            item.selectedProperty().addListener((o, a, b) -> {
                if (b) vm.hiddenLanes().remove(l);
                else vm.hiddenLanes().add(l);
            });
            vm.hiddenLanes().addListener((javafx.collections.SetChangeListener<Lane>) c -> item.setSelected(!vm.hiddenLanes().contains(l)));
            lanes.getItems().add(item);
        }
        TextField search = new TextField();
        search.setId("replaySearch");
        search.setPromptText("Search events");
        search.setPrefColumnCount(12);
        search.setMinWidth(80);
        // Searching 100,000 events is done once typing pauses, not on every key.
        javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(javafx.util.Duration.millis(180));
        settle.setOnFinished(e -> vm.searchProperty().set(search.getText()));
        search.textProperty().addListener((o, a, b) -> settle.playFromStart());
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                search.clear();
                vm.searchProperty().set("");
                timeline.node().requestFocus();
            } else if (e.getCode() == KeyCode.ENTER) {
                vm.searchProperty().set(search.getText());
                vm.marker(1);
            }
        });
        int errors = vm.model().errorCount();
        Button nextError = new Button(Integer.toString(errors), new FontIcon(Feather.ALERT_TRIANGLE));
        nextError.setId("replayNextError");
        if (errors > 0) {
            nextError.setStyle("-fx-text-fill: -color-danger-fg;");
            ((FontIcon) nextError.getGraphic()).setStyle("-fx-icon-color: -color-danger-fg;");
        }
        nextError.setDisable(errors == 0);
        nextError.setTooltip(new Tooltip(errors + " error" + (errors == 1 ? "" : "s") + " or flagged event"
                + (errors == 1 ? "" : "s") + ": go to the next (e)"));
        nextError.setOnAction(e -> vm.nextError());
        MenuButton export = new MenuButton(null, new FontIcon(Feather.SHARE));
        export.setTooltip(new Tooltip("Export the session"));
        export.setId("replayExport");
        MenuItem json = new MenuItem("Session as JSON\u2026");
        json.setOnAction(e -> exportJson());
        MenuItem cast = new MenuItem("Terminal as asciinema cast\u2026");
        cast.setOnAction(e -> exportCast());
        cast.setDisable(!actions.online() || vm.model().terminals().isEmpty());
        export.getItems().addAll(json, cast);
        Button keys = iconButton(Feather.HELP_CIRCLE, "Replay keys (?)", () -> help.setVisible(!help.isVisible()));
        // A tool bar: what does not fit a narrow window goes into its overflow menu.
        javafx.scene.control.ToolBar bar = new javafx.scene.control.ToolBar(play, speed, time, zoomOut, zoomIn, fit, lanes,
                nextError, search, export, keys);
        bar.getStyleClass().add("replay-toolbar");
        return bar;
    }

    /** Time travel acts on the selected event: its buttons sit in the event's details. */
    private Node[] travelButtons() {
        Button restore = new Button("Restore here", new FontIcon(Feather.ROTATE_CCW));
        restore.setId("replayRestore");
        restore.setTooltip(new Tooltip("Put the sandbox's files back as they were at the selected event"));
        restore.setOnAction(e -> travel(false));
        Button fork = new Button("Fork here", new FontIcon(Feather.GIT_BRANCH));
        fork.setId("replayFork");
        fork.setTooltip(new Tooltip("Create a new sandbox with the files as they were at the selected event"));
        fork.setOnAction(e -> travel(true));
        restore.setDisable(!actions.online());
        fork.setDisable(!actions.online());
        return new Node[]{restore, fork};
    }

    private static Button iconButton(Feather icon, String tip, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }

    private ListView<Integer> eventList() {
        ReplayModel model = vm.model();
        ListView<Integer> l = new ListView<>(vm.visibleEvents());
        l.setId("replayEvents");
        l.getStyleClass().add("replay-events");
        // One row height: the list then places any of 100,000 rows without measuring the others.
        l.setFixedCellSize(24);
        // The current event is marked by the cells themselves, not by the list's selection model:
        // selecting in a 100,000-item list on every scrub step costs more than drawing the frame.
        javafx.css.PseudoClass currentClass = javafx.css.PseudoClass.getPseudoClass("current");
        l.setCellFactory(v -> new ListCell<>() {
            private final Label when = new Label();
            private final Label what = new Label();
            private final Region dot = new Region();
            private final HBox box = new HBox(6, dot, when, what);

            {
                when.getStyleClass().add("replay-when");
                dot.getStyleClass().add("replay-dot");
                box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
                vm.selectedProperty().addListener((o, a, b) -> pseudoClassStateChanged(currentClass,
                        getItem() != null && getItem() == b.intValue()));
                setOnMouseClicked(e -> {
                    if (getItem() != null) vm.goTo(getItem());
                });
            }

            @Override
            protected void updateItem(Integer i, boolean empty) {
                super.updateItem(i, empty);
                getStyleClass().remove("replay-error");
                pseudoClassStateChanged(currentClass, !empty && i != null && i == vm.selectedProperty().get());
                if (empty || i == null) {
                    setGraphic(null);
                    return;
                }
                when.setText(ReplayViewModel.clock(model.realAt(model.display(i))));
                what.setText(model.label(i));
                dot.setStyle("-fx-background-color: " + color(model.lane(i)) + ";");
                if (model.error(i)) getStyleClass().add("replay-error");
                setGraphic(box);
            }
        });
        l.setSelectionModel(new NoSelection<>());
        return l;
    }

    /** A list that selects nothing (the replay marks its current event itself). */
    private static final class NoSelection<T> extends javafx.scene.control.MultipleSelectionModel<T> {
        @Override public javafx.collections.ObservableList<Integer> getSelectedIndices() { return javafx.collections.FXCollections.emptyObservableList(); }
        @Override public javafx.collections.ObservableList<T> getSelectedItems() { return javafx.collections.FXCollections.emptyObservableList(); }
        @Override public void selectIndices(int index, int... indices) { }
        @Override public void selectAll() { }
        @Override public void selectFirst() { }
        @Override public void selectLast() { }
        @Override public void clearAndSelect(int index) { }
        @Override public void select(int index) { }
        @Override public void select(T obj) { }
        @Override public void clearSelection(int index) { }
        @Override public void clearSelection() { }
        @Override public boolean isSelected(int index) { return false; }
        @Override public boolean isEmpty() { return true; }
        @Override public void selectPrevious() { }
        @Override public void selectNext() { }
    }

    private static String color(Lane l) {
        return switch (l) {
            case LLM -> "#8b5cf6";
            case TOOL -> "#3b82f6";
            case COMMAND -> "#0d9488";
            case FILE -> "#d97706";
            case TERMINAL -> "#64748b";
            case OTHER -> "#94a3b8";
            case ALERT -> "#dc2626";
        };
    }

    private void onPlayhead() {
        time.setText(vm.timeLabel());
        if (terminalSync != null) terminalSync.moveTo(vm.playheadProperty().get());
    }

    private void onSelected(int index) {
        detail.show(vm.model(), index);
        int pos = Collections.binarySearch(vm.visibleEvents(), index);
        if (pos >= 0 && !onScreen(pos)) list.scrollTo(Math.max(0, pos - 3));
    }

    /** Whether row {@code pos} of the event list is fully visible (scrolling to it would only relayout). */
    private boolean onScreen(int pos) {
        if (!(list.lookup(".virtual-flow") instanceof javafx.scene.control.skin.VirtualFlow<?> flow)) return false;
        var first = flow.getFirstVisibleCell();
        var last = flow.getLastVisibleCell();
        return first != null && last != null && pos > first.getIndex() && pos < last.getIndex();
    }

    private void key(KeyEvent e) {
        if (e.getTarget() instanceof TextInputControl || e.isControlDown() || e.isAltDown() || e.isMetaDown()) return;
        boolean handled = true;
        switch (e.getCode()) {
            case SPACE -> vm.togglePlay();
            case LEFT -> vm.step(-1);
            case RIGHT -> vm.step(1);
            case OPEN_BRACKET -> vm.marker(-1);
            case CLOSE_BRACKET -> vm.marker(1);
            case E -> vm.nextError();
            case ESCAPE -> help.setVisible(false);
            default -> {
                if (e.getCode().isDigitKey() && !e.isShiftDown()) vm.jumpPercent(digit(e.getCode()));
                else handled = false;
            }
        }
        if (handled) e.consume();
    }

    private static int digit(KeyCode c) {
        String n = c.getName();
        return Character.getNumericValue(n.charAt(n.length() - 1));
    }

    private void typed(KeyEvent e) {
        if (e.getTarget() instanceof TextInputControl) return;
        switch (e.getCharacter()) {
            case "?" -> help.setVisible(!help.isVisible());
            case "+", "=" -> vm.zoom(0.5, vm.playheadProperty().get());
            case "-" -> vm.zoom(2, vm.playheadProperty().get());
            default -> {
                return;
            }
        }
        e.consume();
    }

    private String selectedEventId() {
        int i = vm.selectedProperty().get();
        return i < 0 ? null : vm.model().event(i).id();
    }

    /** Shows what time travel will do (base snapshot, changes, what cannot be replayed), then does it. */
    private void travel(boolean fork) {
        String eventId = selectedEventId();
        if (eventId == null) return;
        vm.playingProperty().set(false);
        actions.plan(eventId, plan -> {
            if (!fork && plan.baseSnapshotId() == null) {
                Alert a = new Alert(Alert.AlertType.INFORMATION, "No snapshot of this sandbox was taken at or before this "
                        + "point, so there is nothing to restore from. Fork from here instead: it starts from a fresh "
                        + "sandbox and replays the recorded file changes.", ButtonType.OK);
                a.setHeaderText("Cannot restore to this point");
                own(a).showAndWait();
                return;
            }
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, describe(plan), ButtonType.CANCEL, ButtonType.OK);
            a.setHeaderText(fork ? "Fork a new sandbox from this point?" : "Restore the sandbox to this point?");
            a.getDialogPane().setId("travelConfirm");
            a.getDialogPane().setPrefWidth(520);
            ((Button) a.getDialogPane().lookupButton(ButtonType.OK)).setText(fork ? "Fork" : "Restore");
            own(a).showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
                if (fork) actions.fork(eventId, r -> { });
                else actions.restore(eventId, r -> { });
            });
        });
    }

    static String describe(TravelPlan p) {
        StringBuilder b = new StringBuilder();
        b.append(p.baseSnapshotId() == null ? "Starts from a fresh sandbox (no snapshot was taken before this point)"
                : "Starts from snapshot " + p.baseSnapshotId() + " (" + p.baseSnapshotAt() + ")");
        b.append(", then replays ").append(p.steps().size()).append(" recorded file change")
                .append(p.steps().size() == 1 ? "" : "s").append(".");
        if (!p.skipped().isEmpty()) {
            b.append("\n\n").append(p.skipped().size()).append(" change").append(p.skipped().size() == 1 ? "" : "s")
                    .append(" cannot be replayed:");
            p.skipped().stream().limit(5).forEach(s -> b.append("\n  \u2022 ").append(s.path()).append(": ").append(s.reason()));
        }
        if (p.unrecorded() > 0) {
            b.append("\n\n").append(p.unrecorded()).append(" command").append(p.unrecorded() == 1 ? "" : "s")
                    .append(" or terminal session").append(p.unrecorded() == 1 ? "" : "s")
                    .append(" ran in between; files they changed are not recorded one by one and may differ.");
        }
        if (p.exact()) b.append("\n\nThe files will be exactly as they were.");
        return b.toString();
    }

    private Alert own(Alert a) {
        if (root.getScene() != null) a.initOwner(root.getScene().getWindow());
        return a;
    }

    private void exportJson() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export session");
        String sid = vm.model().session() == null ? "session" : vm.model().session().id();
        // The name the desktop's MIME package knows, so the file opens in the workbench.
        fc.setInitialFileName(sid + Assets.SESSION_FILE_SUFFIX);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Sandbench session", "*" + Assets.SESSION_FILE_SUFFIX));
        File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) actions.exportJson(f.toPath(), () -> { });
    }

    private void exportCast() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export terminal");
        String sid = vm.model().session() == null ? "session" : vm.model().session().id();
        fc.setInitialFileName(sid + ".cast");
        File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) actions.exportCast(f.toPath(), null, () -> { });
    }

    public Node node() {
        return root;
    }

    public ReplayViewModel viewModel() {
        return vm;
    }

    /** The diff of the selected file change (for tests). */
    public dev.sandbench.app.diff.DiffView diff() {
        return detail.diff();
    }

    /** The replay terminal's screen (empty when the session has no terminal). */
    public String terminalText() {
        return terminal == null ? "" : terminal.screenText();
    }

    /** FX-thread time of the timeline's last full redraw, in ns (for the benchmark). */
    public long timelineRedrawNanos() {
        return timeline.lastBaseNanos();
    }

    /** Redraws the timeline now (for the benchmark). */
    public void redrawTimeline() {
        timeline.redraw();
    }

    public void focus() {
        timeline.node().requestFocus();
    }

    @Override
    public void close() {
        clock.stop();
        vm.playingProperty().set(false);
        if (terminal != null) terminal.close();
    }
}
