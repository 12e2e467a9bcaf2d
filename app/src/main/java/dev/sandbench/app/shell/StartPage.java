package dev.sandbench.app.shell;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.demo.DemoViewModel;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The centre's first tab: where you are connected and the few actions that get you going. */
final class StartPage {
    private final VBox box = new VBox(10);

    StartPage(Workbench wb, ActionRegistry registry) {
        box.setStyle("-fx-padding: 28;");
        Label title = new Label("Sandbench");
        title.getStyleClass().add("title-1");
        Label where = new Label();
        where.getStyleClass().add("muted");
        where.setWrapText(true);
        where.textProperty().bind(Bindings.createStringBinding(() -> {
            Connection c = wb.connections().active();
            if (c == null) return "Starting…";
            return c.profile().isEmbedded() ? "Using the engine embedded in this app (" + (c.profile().url() == null ? "starting" : c.profile().url()) + ")."
                    : "Connected to " + c.profile().name() + " at " + c.profile().url() + ".";
        }, wb.connections().activeProperty()));
        box.getChildren().addAll(title, where);
        for (String id : new String[] {"sandbox.new", "demo.run", "sandbox.terminal", "view.palette", "connection.manage", "help.shortcuts"}) {
            AppAction a = registry.get(id);
            Button b = new Button(a.title() + (a.accelerator() == null ? "" : "    " + a.shortcutText()), new FontIcon(a.icon()));
            b.getStyleClass().add("flat");
            b.setId("start-" + id.replace('.', '-'));
            b.setOnAction(e -> a.fire());
            a.bindDisable(b.disableProperty());
            box.getChildren().add(b);
            if (id.equals("demo.run")) box.getChildren().add(demoProgress(wb.demo()));
        }
        Label tip = new Label("Agents use the same engine through its API: copy a client snippet from a sandbox's context menu.");
        tip.getStyleClass().add("muted");
        tip.setWrapText(true);
        box.getChildren().add(tip);
    }

    /** What the demo agent is doing, with a spinner while it works; nothing before its first run. */
    private static Node demoProgress(DemoViewModel demo) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        spinner.visibleProperty().bind(demo.runningProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        Label text = new Label();
        text.setId("demoProgress");
        text.setWrapText(true);
        text.getStyleClass().add("muted");
        text.textProperty().bind(demo.progressProperty());
        HBox row = new HBox(8, spinner, text);
        row.setStyle("-fx-padding: 0 0 0 12;");
        row.visibleProperty().bind(demo.progressProperty().isNotEmpty());
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    Node node() {
        ScrollPane s = new ScrollPane(box);
        s.setFitToWidth(true);
        return s;
    }
}
