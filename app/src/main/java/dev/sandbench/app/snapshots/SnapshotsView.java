package dev.sandbench.app.snapshots;

import dev.sandbench.app.ui.Columns;
import dev.sandbench.app.files.Bytes;
import dev.sandbench.app.shell.AppAction;
import dev.sandbench.client.snapshots.Snapshot;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The "Snapshots" tab of the bottom panel: the selected sandbox's snapshots and their actions. */
public final class SnapshotsView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private final BorderPane root = new BorderPane();
    private final TableView<Snapshot> table = new TableView<>();

    /**
     * @param actions the toolbar and context-menu actions, in order (null: a gap)
     * @param delete fired by the Delete key in the table
     */
    public SnapshotsView(SnapshotsViewModel vm, List<AppAction> actions, AppAction delete) {
        table.setId("snapshotTable");
        table.setItems(vm.snapshots());
        table.getColumns().setAll(List.of(
                Columns.text("Name", 200, s -> s.name() == null ? s.id() : s.name()),
                Columns.text("Trigger", 90, Snapshot::trigger),
                Columns.text("Time", 150, s -> s.createdAt() == null ? "" : TIME.format(s.createdAt())),
                Columns.text("Size", 90, s -> s.sizeBytes() == null ? "" : Bytes.human(s.sizeBytes())),
                Columns.text("Status", 110, s -> s.error() == null ? s.status() : s.status() + ": " + s.error())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        Label empty = new Label();
        empty.textProperty().bind(vm.noteProperty());
        empty.getStyleClass().add("muted");
        table.setPlaceholder(empty);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));
        vm.selectedProperty().addListener((o, a, b) -> {
            if (table.getSelectionModel().getSelectedItem() != b) {
                if (b == null) table.getSelectionModel().clearSelection();
                else table.getSelectionModel().select(b);
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && !e.isShortcutDown()) {
                e.consume();
                delete.fire();
            }
        });

        HBox bar = new HBox(6);
        bar.getStyleClass().add("snapshots-bar");
        ContextMenu menu = new ContextMenu();
        for (AppAction a : actions) {
            if (a == null) {
                bar.getChildren().add(new Region());
                continue;
            }
            // Icons with tooltips: seven labelled buttons do not fit a bottom panel beside the progress.
            Button b = new Button(a.icon() == null ? a.title() : null, a.icon() == null ? null : new FontIcon(a.icon()));
            b.getStyleClass().addAll("flat", "button-icon");
            b.setId("snapshots-" + a.id().replace('.', '-'));
            b.setTooltip(new Tooltip(a.title() + (a.accelerator() == null ? "" : " (" + a.shortcutText() + ")")));
            b.setOnAction(e -> a.fire());
            MenuItem mi = new MenuItem(a.title(), a.icon() == null ? null : new FontIcon(a.icon()));
            mi.setOnAction(e -> a.fire());
            a.bindDisable(b.disableProperty());
            a.bindDisable(mi.disableProperty());
            bar.getChildren().add(b);
            menu.getItems().add(mi);
        }
        table.setContextMenu(menu);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label activity = new Label();
        activity.setId("snapshotActivity");
        activity.textProperty().bind(vm.activityProperty());
        ProgressBar progress = new ProgressBar();
        progress.setId("snapshotProgress");
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.progressProperty().lessThan(1));
        progress.managedProperty().bind(progress.visibleProperty());
        bar.getChildren().addAll(spacer, activity, progress);
        root.setTop(bar);
        root.setCenter(table);
    }

    public TableView<Snapshot> table() {
        return table;
    }

    public Node node() {
        return root;
    }
}
