package dev.sandbench.app.snapshots;

import dev.sandbench.app.diff.DiffView;
import dev.sandbench.app.files.Bytes;
import dev.sandbench.client.snapshots.SnapshotDiff;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** A snapshot comparison tab: the changed paths on the left, the selected file's diff on the right. */
public final class CompareView {
    private final BorderPane root = new BorderPane();
    private final DiffView diff = new DiffView();
    private final ListView<SnapshotDiff.Change> list;

    public CompareView(CompareViewModel vm) {
        Label from = new Label(SnapshotsViewModel.label(vm.base()));
        from.getStyleClass().add("diff-title");
        ComboBox<CompareViewModel.Target> against = new ComboBox<>(vm.targets());
        against.setId("compareAgainst");
        against.valueProperty().bindBidirectional(vm.targetProperty());
        Label summary = new Label();
        summary.setId("compareSummary");
        summary.getStyleClass().add("muted");
        summary.textProperty().bind(vm.summaryProperty());
        summary.setMinWidth(0);
        Button refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refresh.setTooltip(new javafx.scene.control.Tooltip("Compare again"));
        refresh.setOnAction(e -> vm.refresh());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label with = new Label("compared with");
        HBox bar = new HBox(8, from, with, against, summary, grow, refresh);
        bar.getStyleClass().add("diff-bar");
        for (Node n : java.util.List.of(from, with, against, refresh)) ((Region) n).setMinWidth(Region.USE_PREF_SIZE);

        list = new ListView<>(vm.changes());
        list.setId("compareChanges");
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(SnapshotDiff.Change c, boolean empty) {
                super.updateItem(c, empty);
                getStyleClass().removeAll("change-added", "change-modified", "change-deleted");
                if (empty || c == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                String sign = switch (c.change()) {
                    case "added" -> "+";
                    case "deleted" -> "\u2212";
                    default -> "~";
                };
                setText(sign + " " + c.path() + (c.type().equals("dir") ? "/" : "") + size(c));
                getStyleClass().add("change-" + c.change());
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && b != vm.selectedProperty().get()) vm.selectedProperty().set(b);
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b != null && list.getSelectionModel().getSelectedItem() != b) list.getSelectionModel().select(b);
        });
        Label empty = new Label();
        empty.textProperty().bind(vm.summaryProperty());
        empty.getStyleClass().add("muted");
        list.setPlaceholder(empty);
        vm.textsProperty().addListener((o, a, t) -> {
            if (t == null) diff.clear("Select a changed file to see its diff.");
            else if (t.message() != null) diff.clear(t.message());
            else diff.show(t.path(), t.before(), t.after());
        });
        SplitPane split = new SplitPane(list, diff.node());
        split.setDividerPositions(0.32);
        root.setTop(bar);
        root.setCenter(split);
        root.setId("compareView");
    }

    private static String size(SnapshotDiff.Change c) {
        if (!c.type().equals("file")) return "";
        if (c.sizeBefore() != null && c.sizeAfter() != null) {
            return c.sizeBefore().equals(c.sizeAfter()) ? "  (" + Bytes.human(c.sizeAfter()) + ")"
                    : "  (" + Bytes.human(c.sizeBefore()) + " \u2192 " + Bytes.human(c.sizeAfter()) + ")";
        }
        Long s = c.sizeAfter() != null ? c.sizeAfter() : c.sizeBefore();
        return s == null ? "" : "  (" + Bytes.human(s) + ")";
    }

    public DiffView diff() {
        return diff;
    }

    public Node node() {
        return root;
    }
}
