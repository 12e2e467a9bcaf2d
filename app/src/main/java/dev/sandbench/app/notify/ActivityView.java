package dev.sandbench.app.notify;

import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The "Output" tab: every notice of this run, newest last, so nothing shown as a toast is lost. */
public final class ActivityView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final ListView<Notice> list;

    public ActivityView(Notifier notifier) {
        list = new ListView<>(notifier.notices());
        list.setId("activityList");
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Notice n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null ? null : TIME.format(n.at()) + "  " + n.severity() + "  " + n.title()
                        + (n.detail() == null || n.detail().isBlank() ? "" : ": " + n.detail()));
            }
        });
        notifier.notices().addListener((javafx.collections.ListChangeListener<Notice>) c -> {
            if (!notifier.notices().isEmpty()) list.scrollTo(notifier.notices().size() - 1);
        });
    }

    public Node node() {
        return list;
    }
}
