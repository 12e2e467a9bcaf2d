package dev.sandbench.app.shell;

import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** F1 or ?: every action that has a shortcut, grouped by category. */
final class ShortcutOverlay {
    private final ActionRegistry registry;
    private final Overlay overlay;

    ShortcutOverlay(ActionRegistry registry, Overlay overlay) {
        this.registry = registry;
        this.overlay = overlay;
    }

    void show() {
        Map<String, List<AppAction>> byCategory = new LinkedHashMap<>();
        for (AppAction a : registry.all()) {
            if (a.accelerator() != null) byCategory.computeIfAbsent(a.category(), k -> new java.util.ArrayList<>()).add(a);
        }
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(4);
        int row = 0;
        for (var e : byCategory.entrySet()) {
            Label cat = new Label(e.getKey());
            cat.getStyleClass().add("details-section");
            grid.add(cat, 0, row++, 2, 1);
            for (AppAction a : e.getValue()) {
                Label key = new Label(a.shortcutText());
                key.getStyleClass().add("shortcut-key");
                grid.addRow(row++, key, new Label(a.title()));
            }
        }
        Label hint = new Label("? or F1 shows this list; Escape closes it. Ctrl+Shift+P finds any command.");
        hint.getStyleClass().add("muted");
        Label title = new Label("Keyboard shortcuts");
        title.getStyleClass().add("title-3");
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setPrefHeight(440);
        VBox box = new VBox(8, title, scroll, hint);
        box.getStyleClass().add("palette");
        box.setId("shortcutOverlay");
        box.setMaxWidth(560);
        box.setMaxHeight(540);
        overlay.show(box, scroll);
    }
}
