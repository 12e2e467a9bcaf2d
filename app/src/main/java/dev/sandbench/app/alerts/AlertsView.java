package dev.sandbench.app.alerts;

import dev.sandbench.app.ui.Columns;
import dev.sandbench.app.shell.AppAction;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The "Alerts" tab of the bottom panel: alerts newest first, unread ones in bold. */
public final class AlertsView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final PseudoClass UNREAD = PseudoClass.getPseudoClass("unread");
    private static final PseudoClass RESOLVED = PseudoClass.getPseudoClass("resolved");
    private final BorderPane root = new BorderPane();
    private final TableView<AlertEntry> table = new TableView<>();

    public AlertsView(AlertsViewModel vm, List<AppAction> actions) {
        table.setId("alertTable");
        table.getStyleClass().add("alert-table");
        table.setItems(vm.entries());
        table.getColumns().setAll(List.of(
                Columns.text("Severity", 80, e -> e.alert().severity() == null ? "" : e.alert().severity().name().toLowerCase(Locale.ROOT)),
                Columns.text("Time", 150, e -> e.alert().createdAt() == null ? "" : TIME.format(e.alert().createdAt())),
                Columns.text("Alert", 260, AlertEntry::title),
                Columns.text("Message", 360, e -> e.alert().message()),
                Columns.text("State", 90, e -> e.alert().resolved() ? "resolved" : e.unread() ? "unread" : "read")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AlertEntry e, boolean empty) {
                super.updateItem(e, empty);
                pseudoClassStateChanged(UNREAD, !empty && e != null && e.unread());
                pseudoClassStateChanged(RESOLVED, !empty && e != null && e.alert().resolved());
            }
        });
        Label empty = new Label();
        empty.textProperty().bind(vm.noteProperty());
        empty.getStyleClass().add("muted");
        table.setPlaceholder(empty);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));
        vm.selectedProperty().addListener((o, a, b) -> {
            if (table.getSelectionModel().getSelectedItem() == b) return;
            if (b == null) table.getSelectionModel().clearSelection();
            else table.getSelectionModel().select(b);
        });
        HBox bar = new HBox(6);
        bar.getStyleClass().add("snapshots-bar");
        for (AppAction a : actions) {
            Button b = new Button(a.title(), a.icon() == null ? null : new FontIcon(a.icon()));
            b.setId("alerts-" + a.id().replace('.', '-'));
            b.setOnAction(e -> a.fire());
            a.bindDisable(b.disableProperty());
            bar.getChildren().add(b);
        }
        root.setTop(bar);
        root.setCenter(table);
    }

    public TableView<AlertEntry> table() {
        return table;
    }

    public Node node() {
        return root;
    }
}
