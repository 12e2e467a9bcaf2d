package dev.sandbench.app.notify;

import javafx.animation.FadeTransition;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;

/**
 * Non-blocking toasts in the bottom-right corner for new notices; errors stay longer. The layer
 * lets clicks through where there is no toast.
 */
public final class ToastLayer {
    private static final int MAX_VISIBLE = 4;
    private final VBox stack = new VBox();

    public ToastLayer(Notifier notifier) {
        stack.getStyleClass().add("toast-stack");
        stack.setAlignment(Pos.BOTTOM_RIGHT);
        stack.setPickOnBounds(false);
        stack.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        notifier.notices().addListener((ListChangeListener<Notice>) c -> {
            while (c.next()) {
                if (c.wasAdded()) c.getAddedSubList().forEach(this::show);
            }
        });
    }

    private void show(Notice n) {
        Label title = new Label(n.title());
        title.getStyleClass().add("title");
        Label detail = new Label(n.detail());
        detail.getStyleClass().add("detail");
        detail.setMaxWidth(380);
        detail.setVisible(n.detail() != null && !n.detail().isBlank());
        detail.setManaged(detail.isVisible());
        Button close = new Button(null, new FontIcon(Feather.X));
        close.getStyleClass().addAll("flat", "button-icon");
        BorderPane head = new BorderPane();
        head.setLeft(title);
        head.setRight(close);
        VBox toast = new VBox(head, detail);
        toast.getStyleClass().add("toast");
        toast.pseudoClassStateChanged(PseudoClass.getPseudoClass(n.severity().name().toLowerCase(Locale.ROOT)), true);
        toast.setMaxWidth(420);
        close.setOnAction(e -> stack.getChildren().remove(toast));
        stack.getChildren().add(toast);
        while (stack.getChildren().size() > MAX_VISIBLE) stack.getChildren().remove(0);
        Duration stay = Duration.seconds(n.severity() == Notice.Severity.ERROR ? 10 : 4);
        PauseTransition wait = new PauseTransition(stay);
        wait.setOnFinished(e -> {
            FadeTransition fade = new FadeTransition(Duration.millis(300), toast);
            fade.setToValue(0);
            fade.setOnFinished(f -> stack.getChildren().remove(toast));
            fade.play();
        });
        toast.setOnMouseEntered(e -> wait.pause());
        toast.setOnMouseExited(e -> wait.playFromStart());
        wait.play();
    }

    public Node node() {
        return stack;
    }
}
