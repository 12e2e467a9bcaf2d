package dev.sandbench.app.shell;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.connection.ConnectionStatus;
import dev.sandbench.app.connection.ConnectionsModel;
import dev.sandbench.app.explorer.ExplorerViewModel;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.util.Locale;

/** The bottom line: which engine, its status (connected, reconnecting, unreachable), and counts. */
final class StatusBar {
    private final HBox root = new HBox();
    private final javafx.scene.shape.Circle dot = new javafx.scene.shape.Circle(5);
    private final Label connection = new Label();
    private final Label status = new Label();
    private final Label engine = new Label();
    private final Label count = new Label();
    private final Tooltip tip = new Tooltip();

    StatusBar(ConnectionsModel connections, ExplorerViewModel explorer, Runnable manageConnections, Node bell) {
        root.getStyleClass().add("status-bar");
        root.setId("statusBar");
        dot.getStyleClass().add("status-dot");
        status.setId("connectionStatus");
        connection.setId("connectionName");
        connection.getStyleClass().add("connection-chip");
        connection.setOnMouseClicked(e -> manageConnections.run());
        status.setTooltip(tip);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        count.textProperty().bind(Bindings.createStringBinding(() -> {
            int n = explorer.items().size();
            return n == 1 ? "1 sandbox" : n + " sandboxes";
        }, explorer.items()));
        root.getChildren().setAll(dot, connection, status, spacer, bell, count, engine);
        connections.activeProperty().addListener((o, a, b) -> bind(b));
        bind(connections.active());
    }

    private void bind(Connection c) {
        status.textProperty().unbind();
        tip.textProperty().unbind();
        engine.textProperty().unbind();
        if (c == null) {
            status.setText("Not connected");
            connection.setText("");
            return;
        }
        connection.setText(c.profile().name() + (c.profile().shared() ? " (shared)" : ""));
        String color = c.profile().color();
        connection.setStyle(color == null ? "" : "-fx-border-color: " + color + ";");
        status.textProperty().bind(Bindings.createStringBinding(() -> c.status().label(), c.statusProperty()));
        tip.textProperty().bind(c.detailProperty());
        engine.textProperty().bind(Bindings.createStringBinding(() -> {
            var info = c.infoProperty().get();
            return info == null ? "" : "engine " + info.version() + " · " + info.runtime() + " · cgroups " + info.cgroups();
        }, c.infoProperty()));
        c.statusProperty().addListener((o, a, b) -> paint(b));
        paint(c.status());
    }

    private void paint(ConnectionStatus s) {
        for (ConnectionStatus each : ConnectionStatus.values()) {
            dot.pseudoClassStateChanged(PseudoClass.getPseudoClass(each.name().toLowerCase(Locale.ROOT)), each == s);
        }
    }

    Node node() {
        return root;
    }
}
