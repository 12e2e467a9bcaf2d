package dev.sandbench.app.alerts;

import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The status-bar bell: the engine's unread notifications; a click opens the alerts. */
public final class AlertsBell {
    private static final PseudoClass UNREAD = PseudoClass.getPseudoClass("unread");
    private final Button button = new Button();

    public AlertsBell(AlertsViewModel vm, Runnable open) {
        Label count = new Label();
        count.setId("alertsUnread");
        count.getStyleClass().add("bell-count");
        count.textProperty().bind(vm.unreadProperty().asString());
        count.visibleProperty().bind(vm.unreadProperty().greaterThan(0));
        count.managedProperty().bind(count.visibleProperty());
        button.setGraphic(new HBox(4, new FontIcon(Feather.BELL), count));
        button.setId("alertsBell");
        button.getStyleClass().addAll("flat", "alerts-bell");
        button.setFocusTraversable(false);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(() -> {
            long n = vm.unreadProperty().get();
            return n == 0 ? "No unread alerts" : n == 1 ? "1 unread alert" : n + " unread alerts";
        }, vm.unreadProperty()));
        button.setTooltip(tip);
        vm.unreadProperty().addListener((o, a, b) -> button.pseudoClassStateChanged(UNREAD, b.longValue() > 0));
        button.setOnAction(e -> open.run());
    }

    public Node node() {
        return button;
    }
}
