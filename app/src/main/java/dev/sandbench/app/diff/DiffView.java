package dev.sandbench.app.diff;

import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * A text diff, unified or side by side (the user's choice, kept while the view lives). Rows are
 * virtualised list cells, so a diff of a large file costs what is on screen.
 */
public final class DiffView {
    private final BorderPane root = new BorderPane();
    private final Label title = new Label();
    private final Label stats = new Label();
    private final ToggleButton unified = new ToggleButton("Unified");
    private final ToggleButton split = new ToggleButton("Split");
    private final ListView<TextDiff.Row> unifiedList = new ListView<>();
    private final ListView<TextDiff.Pair> splitList = new ListView<>();
    private final Label message = new Label();

    public DiffView() {
        ToggleGroup g = new ToggleGroup();
        unified.setToggleGroup(g);
        split.setToggleGroup(g);
        unified.setSelected(true);
        g.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) a.setSelected(true);
            else show();
        });
        unified.getStyleClass().add("left-pill");
        split.getStyleClass().add("right-pill");
        title.getStyleClass().add("diff-title");
        stats.getStyleClass().add("muted");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        title.setMinWidth(0);
        unified.setMinWidth(Region.USE_PREF_SIZE);
        split.setMinWidth(Region.USE_PREF_SIZE);
        stats.setMinWidth(Region.USE_PREF_SIZE);
        unified.setTooltip(new javafx.scene.control.Tooltip("One column: removed lines, then added ones"));
        split.setTooltip(new javafx.scene.control.Tooltip("Side by side: before on the left, after on the right"));
        HBox bar = new HBox(8, title, stats, grow, unified, split);
        bar.getStyleClass().add("diff-bar");
        root.setTop(bar);
        unifiedList.setId("diffUnified");
        splitList.setId("diffSplit");
        unifiedList.getStyleClass().add("diff-list");
        splitList.getStyleClass().add("diff-list");
        unifiedList.setCellFactory(l -> new UnifiedCell());
        unifiedList.setFixedCellSize(22);
        splitList.setFixedCellSize(22);
        splitList.setCellFactory(l -> new SplitCell());
        message.getStyleClass().add("muted");
        message.setWrapText(true);
        root.getStyleClass().add("diff-view");
        root.setId("diffView");
        clear("Nothing to compare.");
    }

    /** Shows the diff of two texts (null: the file did not exist on that side). */
    public void show(String name, String before, String after) {
        TextDiff d = TextDiff.of(before, after);
        title.setText(name);
        stats.setText(before == null ? "new file, " + d.stats() : after == null ? "deleted, " + d.stats() : d.stats());
        unifiedList.setItems(FXCollections.observableArrayList(d.unified()));
        splitList.setItems(FXCollections.observableArrayList(d.sideBySide()));
        show();
    }

    /** Shows a sentence instead of a diff (binary file, too large, not readable). */
    public void clear(String why) {
        title.setText("");
        stats.setText("");
        message.setText(why);
        unifiedList.getItems().clear();
        splitList.getItems().clear();
        root.setCenter(message);
    }

    private void show() {
        root.setCenter(split.isSelected() ? splitList : unifiedList);
    }

    public void setSideBySide(boolean sideBySide) {
        (sideBySide ? split : unified).setSelected(true);
    }

    /** The unified rows as text with +/- prefixes (what tests and "copy" read). */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (TextDiff.Row r : unifiedList.getItems()) {
            b.append(switch (r.kind()) {
                case ADDED -> "+";
                case REMOVED -> "-";
                case FOLDED -> "@ ";
                case SAME -> " ";
            }).append(r.text()).append('\n');
        }
        return b.toString();
    }

    public Node node() {
        return root;
    }

    private static String num(int n) {
        return n == 0 ? "" : Integer.toString(n);
    }

    private static String style(TextDiff.Kind k) {
        return switch (k) {
            case ADDED -> "diff-added";
            case REMOVED -> "diff-removed";
            case FOLDED -> "diff-folded";
            case SAME -> "diff-same";
        };
    }

    private static final class UnifiedCell extends ListCell<TextDiff.Row> {
        private final Label oldNo = new Label();
        private final Label newNo = new Label();
        private final Label text = new Label();
        private final HBox box = new HBox(oldNo, newNo, text);

        UnifiedCell() {
            oldNo.getStyleClass().add("diff-lineno");
            newNo.getStyleClass().add("diff-lineno");
            text.getStyleClass().add("diff-text");
            box.getStyleClass().add("diff-row");
        }

        @Override
        protected void updateItem(TextDiff.Row r, boolean empty) {
            super.updateItem(r, empty);
            box.getStyleClass().removeAll("diff-added", "diff-removed", "diff-folded", "diff-same");
            if (empty || r == null) {
                setGraphic(null);
                return;
            }
            oldNo.setText(num(r.oldLine()));
            newNo.setText(num(r.newLine()));
            String sign = switch (r.kind()) {
                case ADDED -> "+ ";
                case REMOVED -> "- ";
                case FOLDED -> "\u22ef ";
                case SAME -> "  ";
            };
            text.setText(sign + r.text());
            box.getStyleClass().add(style(r.kind()));
            setGraphic(box);
        }
    }

    private static final class SplitCell extends ListCell<TextDiff.Pair> {
        private final Label oldNo = new Label();
        private final Label oldText = new Label();
        private final Label newNo = new Label();
        private final Label newText = new Label();
        private final HBox left = new HBox(oldNo, oldText);
        private final HBox right = new HBox(newNo, newText);
        private final HBox box = new HBox(left, right);

        SplitCell() {
            oldNo.getStyleClass().add("diff-lineno");
            newNo.getStyleClass().add("diff-lineno");
            oldText.getStyleClass().add("diff-text");
            newText.getStyleClass().add("diff-text");
            left.getStyleClass().add("diff-row");
            right.getStyleClass().add("diff-row");
            HBox.setHgrow(left, Priority.ALWAYS);
            HBox.setHgrow(right, Priority.ALWAYS);
            left.setMinWidth(0);
            right.setMinWidth(0);
            left.setPrefWidth(1);
            right.setPrefWidth(1);
            box.setFillHeight(true);
        }

        @Override
        protected void updateItem(TextDiff.Pair p, boolean empty) {
            super.updateItem(p, empty);
            left.getStyleClass().removeAll("diff-added", "diff-removed", "diff-folded", "diff-same", "diff-blank");
            right.getStyleClass().removeAll("diff-added", "diff-removed", "diff-folded", "diff-same", "diff-blank");
            if (empty || p == null) {
                setGraphic(null);
                return;
            }
            oldNo.setText(num(p.oldLine()));
            newNo.setText(num(p.newLine()));
            oldText.setText(p.oldText() == null ? "" : p.oldText());
            newText.setText(p.newText() == null ? "" : p.newText());
            left.getStyleClass().add(p.oldText() == null ? "diff-blank" : style(p.left()));
            right.getStyleClass().add(p.newText() == null && p.right() != TextDiff.Kind.FOLDED ? "diff-blank" : style(p.right()));
            box.prefWidthProperty().bind(getListView().widthProperty().subtract(20));
            setGraphic(box);
        }
    }
}
