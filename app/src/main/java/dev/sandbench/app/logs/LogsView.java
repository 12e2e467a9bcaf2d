package dev.sandbench.app.logs;

import dev.sandbench.client.sandboxes.LogEntry;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.util.Duration;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The "Logs" tab of the bottom panel. */
public final class LogsView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private final BorderPane root = new BorderPane();

    public LogsView(LogsViewModel vm, javafx.beans.value.ObservableBooleanValue showing) {
        ListView<LogEntry> list = new ListView<>(vm.entries());
        list.setId("logList");
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(LogEntry e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : TIME.format(e.timestamp()) + "  " + e.type() + "  " + e.message());
                setStyle("-fx-font-family: monospace;");
            }
        });
        vm.entries().addListener((ListChangeListener<LogEntry>) c -> {
            if (vm.followProperty().get() && !vm.entries().isEmpty()) list.scrollTo(vm.entries().size() - 1);
        });
        CheckBox follow = new CheckBox("Follow");
        follow.selectedProperty().bindBidirectional(vm.followProperty());
        Button reload = new Button("Refresh");
        reload.setOnAction(e -> vm.refresh());
        Label note = new Label();
        note.getStyleClass().add("muted");
        note.textProperty().bind(vm.noteProperty());
        HBox bar = new HBox(10, follow, reload, note);
        bar.setStyle("-fx-padding: 4 8 4 8; -fx-alignment: center-left;");
        root.setTop(bar);
        root.setCenter(list);
        Timeline poll = new Timeline(new KeyFrame(Duration.seconds(2), e -> {
            if (vm.followProperty().get() && showing.get()) vm.refresh();
        }));
        poll.setCycleCount(Timeline.INDEFINITE);
        poll.play();
    }

    public Node node() {
        return root;
    }
}
