package dev.sandbench.app.explorer;

import dev.sandbench.app.shell.AppAction;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sandboxes.SandboxStatus;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sandbox explorer: search, filters, grouping, and a virtualized tree table of sandboxes with
 * live status and sparklines. It forwards intent to {@link ExplorerViewModel} and to the registered
 * actions, nothing else.
 */
public final class ExplorerView {
    private static final PseudoClass[] STATUS = new PseudoClass[SandboxStatus.values().length];

    static {
        for (SandboxStatus s : SandboxStatus.values()) STATUS[s.ordinal()] = PseudoClass.getPseudoClass(s.name().toLowerCase(Locale.ROOT));
    }

    private final ExplorerViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TreeView<Object> table = new TreeView<>();
    private final Set<String> collapsed = new HashSet<>();
    private final Set<SandboxCell> rows = new HashSet<>();
    private final javafx.collections.ObservableList<SandboxItem> selection;

    /** A group header row. */
    record Group(String key, int count) {}

    /**
     * @param selection kept equal to the selected sandboxes (actions read it)
     * @param demo runs the demo agent (offered while there is no sandbox)
     * @param contextActions the row menu; null entries are separators
     */
    public ExplorerView(ExplorerViewModel vm, javafx.collections.ObservableList<SandboxItem> selection, AppAction create,
                        AppAction demo, List<AppAction> contextActions, AppAction openDefault) {
        this.vm = vm;
        this.selection = selection;
        root.getStyleClass().add("explorer");
        root.setId("explorer");

        Label title = new Label("SANDBOXES");
        title.getStyleClass().add("panel-title");
        Button add = new Button(null, new FontIcon(Feather.PLUS));
        add.setId("newSandboxButton");
        add.getStyleClass().addAll("flat", "button-icon");
        add.setOnAction(e -> create.fire());
        add.setTooltip(new javafx.scene.control.Tooltip(create.title() + "  " + create.shortcutText()));
        Button refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refresh.getStyleClass().addAll("flat", "button-icon");
        refresh.setOnAction(e -> vm.reload());
        refresh.setTooltip(new javafx.scene.control.Tooltip("Reload the list"));
        javafx.scene.layout.Region spacer = new javafx.scene.layout.Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(title, spacer, refresh, add);
        header.getStyleClass().add("panel-header");

        TextField search = new TextField();
        search.setId("sandboxSearch");
        search.setPromptText("Search name, id, template, label");
        search.textProperty().bindBidirectional(vm.filterTextProperty());
        search.setMaxWidth(Double.MAX_VALUE);
        ComboBox<SandboxStatus> status = new ComboBox<>(FXCollections.observableArrayList(
                null, SandboxStatus.RUNNING, SandboxStatus.PAUSED, SandboxStatus.STOPPED, SandboxStatus.ERROR));
        status.setId("statusFilter");
        status.setButtonCell(statusCell());
        status.setCellFactory(l -> statusCell());
        status.valueProperty().bindBidirectional(vm.statusFilterProperty());
        ComboBox<Grouping> group = new ComboBox<>(FXCollections.observableArrayList(Grouping.values()));
        group.setId("grouping");
        group.valueProperty().bindBidirectional(vm.groupingProperty());
        status.setMaxWidth(Double.MAX_VALUE);
        group.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox.setHgrow(group, Priority.ALWAYS);
        HBox combos = new HBox(6, status, group);
        VBox filters = new VBox(6, search, combos);
        filters.setStyle("-fx-padding: 6 8 6 8;");

        Label note = new Label();
        note.getStyleClass().add("note-banner");
        note.setMaxWidth(Double.MAX_VALUE);
        note.setWrapText(true);
        note.textProperty().bind(Bindings.createStringBinding(() -> {
            String p = vm.listProblemProperty().get();
            return p != null ? p : vm.liveNoteProperty().get();
        }, vm.listProblemProperty(), vm.liveNoteProperty()));
        note.visibleProperty().bind(note.textProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        root.setTop(new VBox(header, filters, note));

        buildTable(contextActions, openDefault);
        StackPane centre = new StackPane(table);
        centre.getChildren().addAll(ExplorerPlaceholders.all(vm, create, demo));
        table.visibleProperty().bind(Bindings.isNotEmpty(vm.items()));
        root.setCenter(centre);

        vm.structureProperty().addListener((o, a, b) -> rebuild());
        rebuild();

        // Ages and time left tick; the rows on screen are the ones whose stats are polled.
        Timeline tick = new Timeline(new KeyFrame(Duration.seconds(1), e -> {
            Set<String> ids = new HashSet<>();
            for (SandboxCell r : rows) {
                if (!r.isEmpty() && r.getItem() instanceof SandboxItem i && r.isVisible()) {
                    ids.add(i.id());
                    r.show();
                }
            }
            vm.setShown(ids);
        }));
        tick.setCycleCount(Timeline.INDEFINITE);
        tick.play();
    }

    private static ListCell<SandboxStatus> statusCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(SandboxStatus s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s == null ? "All statuses" : cap(s.name()));
            }
        };
    }

    private void buildTable(List<AppAction> contextActions, AppAction openDefault) {
        table.setId("sandboxTable");
        table.setShowRoot(false);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setFixedCellSize(46);

        ContextMenu menu = new ContextMenu();
        for (AppAction a : contextActions) {
            if (a == null) {
                menu.getItems().add(new SeparatorMenuItem());
                continue;
            }
            MenuItem mi = new MenuItem(a.title(), a.icon() == null ? null : new FontIcon(a.icon()));
            mi.setId("ctx-" + a.id().replace('.', '-'));
            mi.setAccelerator(a.accelerator());
            mi.setOnAction(e -> a.fire());
            a.bindDisable(mi.disableProperty());
            menu.getItems().add(mi);
        }
        table.setCellFactory(t -> {
            SandboxCell cell = new SandboxCell(menu);
            rows.add(cell);
            cell.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && cell.getItem() instanceof SandboxItem) {
                    openDefault.fire();
                }
            });
            return cell;
        });
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<TreeItem<Object>>) c -> syncSelection());
    }

    private void syncSelection() {
        if (selecting) return;
        List<SandboxItem> now = new ArrayList<>();
        for (TreeItem<Object> ti : table.getSelectionModel().getSelectedItems()) {
            if (ti != null && ti.getValue() instanceof SandboxItem i) now.add(i);
        }
        if (!now.equals(selection)) selection.setAll(now);
        TreeItem<Object> focused = table.getSelectionModel().getSelectedItem();
        SandboxItem primary = focused != null && focused.getValue() instanceof SandboxItem i ? i
                : selection.isEmpty() ? null : selection.get(0);
        if (vm.selectedProperty().get() != primary) vm.selectedProperty().set(primary);
    }

    /** The sandboxes selected now (for bulk actions). */
    public javafx.collections.ObservableList<SandboxItem> selection() {
        return selection;
    }

    private boolean selecting;

    /** Selects one sandbox (after creating it, or from the command palette). */
    public void select(SandboxItem item) {
        TreeItem<Object> ti = find(table.getRoot(), item);
        if (ti == null) return;
        // Clearing first reports an intermediate selection (the old row still focused): syncing
        // that would select the old sandbox again from inside this change, which JavaFX refuses.
        selecting = true;
        try {
            table.getSelectionModel().clearSelection();
            table.getSelectionModel().select(ti);
        } finally {
            selecting = false;
        }
        syncSelection();
        int row = table.getRow(ti);
        if (row >= 0) table.scrollTo(Math.max(0, row - 3));
    }

    private static TreeItem<Object> find(TreeItem<Object> parent, SandboxItem item) {
        if (parent == null) return null;
        for (TreeItem<Object> c : parent.getChildren()) {
            if (c.getValue() == item) return c;
            TreeItem<Object> deeper = find(c, item);
            if (deeper != null) return deeper;
        }
        return null;
    }

    private void rebuild() {
        Set<SandboxItem> keep = new HashSet<>(selection);
        TreeItem<Object> rootItem = new TreeItem<>();
        Grouping g = vm.groupingProperty().get();
        if (g == Grouping.NONE) {
            List<TreeItem<Object>> children = new ArrayList<>(vm.visible().size());
            for (SandboxItem i : vm.visible()) children.add(new TreeItem<>(i));
            rootItem.getChildren().setAll(children);
        } else {
            Map<String, List<SandboxItem>> groups = new TreeMap<>();
            for (SandboxItem i : vm.visible()) groups.computeIfAbsent(g.key(i.sandbox()), k -> new ArrayList<>()).add(i);
            Map<String, TreeItem<Object>> made = new LinkedHashMap<>();
            for (var e : groups.entrySet()) {
                TreeItem<Object> header = new TreeItem<>(new Group(e.getKey(), e.getValue().size()));
                List<TreeItem<Object>> children = new ArrayList<>();
                for (SandboxItem i : e.getValue()) children.add(new TreeItem<>(i));
                header.getChildren().setAll(children);
                header.setExpanded(!collapsed.contains(e.getKey()));
                String key = e.getKey();
                header.expandedProperty().addListener((o, was, now) -> {
                    if (now) collapsed.remove(key); else collapsed.add(key);
                });
                made.put(e.getKey(), header);
            }
            rootItem.getChildren().setAll(made.values());
        }
        rootItem.setExpanded(true);
        table.setRoot(rootItem);
        table.getSelectionModel().clearSelection();
        for (SandboxItem i : keep) {
            TreeItem<Object> ti = find(rootItem, i);
            if (ti != null) table.getSelectionModel().select(ti);
        }
        syncSelection();
    }

    /**
     * A sandbox as two lines: status, name and live CPU and memory sparklines; then id, template,
     * age and time left. Follows the item's properties while it shows it.
     */
    private static final class SandboxCell extends TreeCell<Object> {
        private final ContextMenu menu;
        private final FontIcon icon = new FontIcon(Feather.CIRCLE);
        private final Label name = new Label();
        private final Label meta = new Label();
        private final Sparkline cpu = new Sparkline("sparkline-cpu", 100);
        private final Sparkline mem = new Sparkline("sparkline-memory", 0);
        private final VBox text = new VBox(1, name, meta);
        private final HBox box;
        private final javafx.beans.value.ChangeListener<Object> redraw = (o, a, b) -> show();
        private SandboxItem bound;

        SandboxCell(ContextMenu menu) {
            this.menu = menu;
            icon.getStyleClass().add("sandbox-status");
            name.getStyleClass().add("sandbox-name");
            meta.getStyleClass().addAll("muted", "sandbox-meta");
            cpu.setPrefSize(46, 18);
            mem.setPrefSize(46, 18);
            javafx.scene.layout.Region spacer = new javafx.scene.layout.Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox.setHgrow(text, Priority.ALWAYS);
            text.setMinWidth(0);
            box = new HBox(8, icon, text, spacer, cpu, mem);
            box.setAlignment(Pos.CENTER_LEFT);
            box.setMinWidth(0);
            box.setStyle("-fx-padding: 0 6 0 0;");
            // As wide as the list, never wider: long names end in an ellipsis instead of a scroll bar.
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            if (bound != null) {
                bound.sandboxProperty().removeListener(redraw);
                bound.statsVersionProperty().removeListener(redraw);
                bound = null;
            }
            pseudoClassStateChanged(PseudoClass.getPseudoClass("group"), item instanceof Group);
            setContextMenu(null);
            setTooltip(null);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            if (item instanceof Group g) {
                setText(g.key() + "  (" + g.count() + ")");
                setGraphic(null);
                return;
            }
            bound = (SandboxItem) item;
            bound.sandboxProperty().addListener(redraw);
            bound.statsVersionProperty().addListener(redraw);
            setText(null);
            setGraphic(box);
            setContextMenu(menu);
            show();
        }

        /** Also called each second by the view, for ages and time left. */
        void show() {
            if (bound == null) return;
            Sandbox s = bound.sandbox();
            for (SandboxStatus st : SandboxStatus.values()) icon.pseudoClassStateChanged(STATUS[st.ordinal()], s.status() == st);
            icon.setIconCode(s.status() == SandboxStatus.PAUSED ? Feather.PAUSE_CIRCLE
                    : s.status() == SandboxStatus.ERROR ? Feather.ALERT_CIRCLE
                    : s.status() == SandboxStatus.STOPPED ? Feather.STOP_CIRCLE : Feather.CIRCLE);
            boolean named = s.name() != null && !s.name().isBlank();
            name.setText(named ? s.name() : s.id());
            String age = s.createdAt() == null ? "" : ago(s.createdAt());
            String left = s.expiresAt() == null ? "no expiry" : until(s.expiresAt()) + " left";
            meta.setText((named ? s.id() + " · " : "") + s.template() + " · " + age + " · " + left);
            cpu.setValues(bound.cpuSeries());
            mem.setValues(bound.memorySeries());
            var h = bound.history();
            String usage = h.isEmpty() ? "" : String.format(Locale.ROOT, "\nCPU %.1f%% · memory %.1f MB",
                    h.get(h.size() - 1).cpuPercent(), h.get(h.size() - 1).memoryBytes() / 1048576.0);
            if (getTooltip() == null) setTooltip(new javafx.scene.control.Tooltip());
            getTooltip().setText(s.id() + " — " + cap(s.status().name())
                    + (s.statusReason() == null ? "" : ": " + s.statusReason()) + usage);
        }
    }

    static String cap(String s) {
        return s.charAt(0) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    static String ago(Instant t) {
        return human(java.time.Duration.between(t, Instant.now()).getSeconds());
    }

    static String until(Instant t) {
        long s = java.time.Duration.between(Instant.now(), t).getSeconds();
        return s <= 0 ? "expiring" : human(s);
    }

    static String human(long seconds) {
        seconds = Math.max(0, seconds);
        if (seconds < 60) return seconds + "s";
        if (seconds < 3600) return seconds / 60 + "m";
        if (seconds < 86400) return seconds / 3600 + "h" + (seconds % 3600 >= 60 ? " " + (seconds % 3600) / 60 + "m" : "");
        return seconds / 86400 + "d " + (seconds % 86400) / 3600 + "h";
    }

    public Node node() {
        return root;
    }

    public TreeView<Object> table() {
        return table;
    }
}
