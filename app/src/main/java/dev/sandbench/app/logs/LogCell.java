package dev.sandbench.app.logs;

import dev.sandbench.client.sandboxes.LogEntry;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

import java.util.List;

/**
 * One log line: the time (when shown) and the line with the search matches emphasised, the current
 * one more strongly. Cells are recycled by the list, so only the lines on screen are ever built;
 * a line without a match is two labels.
 */
final class LogCell extends ListCell<LogEntry> {
    static final String MATCH = "log-match";
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    private final LogsViewModel vm;
    private final Label time = label("log-time");
    private final Label body = label("log-body");
    private final HBox line = new HBox();

    LogCell(LogsViewModel vm) {
        this.vm = vm;
        line.getStyleClass().add("log-line");
        getStyleClass().add("log-cell");
    }

    @Override
    protected void updateItem(LogEntry e, boolean empty) {
        super.updateItem(e, empty);
        setText(null);
        if (empty || e == null) {
            setGraphic(null);
            return;
        }
        line.getChildren().clear();
        if (vm.timestampsProperty().get()) {
            time.setText(LogsViewModel.time(e) + "  ");
            line.getChildren().add(time);
        }
        String text = LogsViewModel.body(e);
        List<int[]> ranges = LogSearch.ranges(text, vm.queryProperty().get());
        if (ranges.isEmpty()) {
            body.setText(text);
            line.getChildren().add(body);
        } else {
            LogSearch.Match cur = vm.currentMatchProperty().get();
            int at = 0;
            for (int[] r : ranges) {
                if (r[0] > at) line.getChildren().add(span(text.substring(at, r[0]), "log-body"));
                Label m = span(text.substring(r[0], r[1]), MATCH);
                m.pseudoClassStateChanged(CURRENT, cur != null && cur.line() == getIndex() && cur.start() == r[0]);
                line.getChildren().add(m);
                at = r[1];
            }
            if (at < text.length()) line.getChildren().add(span(text.substring(at), "log-body"));
        }
        setGraphic(line);
    }

    private static Label span(String text, String styleClass) {
        Label l = label(styleClass);
        l.setText(text);
        return l;
    }

    private static Label label(String styleClass) {
        Label l = new Label();
        l.getStyleClass().add(styleClass);
        // A long line scrolls sideways rather than ending in "...".
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
