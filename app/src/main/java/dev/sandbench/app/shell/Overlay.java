package dev.sandbench.app.shell;

import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/** A modal-looking layer over the window (command palette, shortcut help) that Escape or a click outside closes. */
final class Overlay {
    private final StackPane host;
    private StackPane current;
    private Node returnFocus;

    Overlay(StackPane host) {
        this.host = host;
    }

    void show(Node content, Node focus) {
        hide();
        returnFocus = host.getScene() == null ? null : host.getScene().getFocusOwner();
        Region scrim = new Region();
        scrim.getStyleClass().add("overlay-scrim");
        StackPane layer = new StackPane(scrim, content);
        layer.setId("overlay");
        StackPane.setAlignment(content, javafx.geometry.Pos.TOP_CENTER);
        StackPane.setMargin(content, new javafx.geometry.Insets(70, 0, 0, 0));
        scrim.setOnMouseClicked(e -> hide());
        layer.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                hide();
            }
        });
        current = layer;
        host.getChildren().add(layer);
        if (focus != null) focus.requestFocus();
    }

    boolean showing() {
        return current != null;
    }

    void hide() {
        if (current == null) return;
        host.getChildren().remove(current);
        current = null;
        if (returnFocus != null) returnFocus.requestFocus();
    }
}
