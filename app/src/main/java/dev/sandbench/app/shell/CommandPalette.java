package dev.sandbench.app.shell;

import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;

/** Ctrl+Shift+P: every registered action, searchable by words in any order; Enter runs it. */
final class CommandPalette {
    private final ActionRegistry registry;
    private final Overlay overlay;

    CommandPalette(ActionRegistry registry, Overlay overlay) {
        this.registry = registry;
        this.overlay = overlay;
    }

    void show() {
        FilteredList<AppAction> items = new FilteredList<>(FXCollections.observableArrayList(registry.all()));
        TextField query = new TextField();
        query.setId("paletteQuery");
        query.setPromptText("Type a command");
        ListView<AppAction> list = new ListView<>(items);
        list.setId("paletteList");
        list.setPrefHeight(320);
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(AppAction a, boolean empty) {
                super.updateItem(a, empty);
                if (empty || a == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label title = new Label(a.category() + ": " + a.title(), a.icon() == null ? null : new FontIcon(a.icon()));
                Label key = new Label(a.shortcutText());
                key.getStyleClass().add("shortcut");
                BorderPane row = new BorderPane();
                row.setLeft(title);
                row.setRight(key);
                BorderPane.setAlignment(key, Pos.CENTER_RIGHT);
                setGraphic(row);
                setText(null);
                setDisable(!a.isEnabled());
                setOpacity(a.isEnabled() ? 1 : 0.5);
            }
        });
        query.textProperty().addListener((o, was, now) -> {
            String[] words = now.toLowerCase(Locale.ROOT).trim().split("\\s+");
            items.setPredicate(a -> {
                String hay = (a.category() + " " + a.title() + " " + a.id()).toLowerCase(Locale.ROOT);
                for (String w : words) if (!hay.contains(w)) return false;
                return true;
            });
            list.getSelectionModel().selectFirst();
        });
        list.getSelectionModel().selectFirst();
        query.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.DOWN) {
                list.getSelectionModel().selectNext();
                e.consume();
            } else if (e.getCode() == KeyCode.UP) {
                list.getSelectionModel().selectPrevious();
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER) {
                run(list.getSelectionModel().getSelectedItem());
                e.consume();
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) run(list.getSelectionModel().getSelectedItem());
        });
        VBox box = new VBox(query, list);
        box.getStyleClass().add("palette");
        box.setId("commandPalette");
        box.setMaxWidth(560);
        box.setMaxHeight(380);
        overlay.show(box, query);
    }

    private void run(AppAction a) {
        if (a == null || !a.isEnabled()) return;
        overlay.hide();
        a.handler().run();
    }
}
