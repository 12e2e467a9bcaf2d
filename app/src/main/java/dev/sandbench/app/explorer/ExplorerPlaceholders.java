package dev.sandbench.app.explorer;

import dev.sandbench.app.shell.AppAction;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;

/**
 * What the explorer shows where it has no rows: the empty state before there is any sandbox (what a
 * sandbox is, create one, or watch the demo agent), "no match" for a filter, "loading".
 */
final class ExplorerPlaceholders {
    private ExplorerPlaceholders() {}

    /** The three placeholders, each visible exactly when it applies. */
    static List<Node> all(ExplorerViewModel vm, AppAction create, AppAction demo) {
        Node empty = empty(create, demo);
        empty.visibleProperty().bind(vm.loadedProperty().and(Bindings.isEmpty(vm.items())));
        // Its height counts only while it shows (it asks the split for room then).
        empty.managedProperty().bind(empty.visibleProperty());
        Label noMatch = new Label("No sandbox matches the search or filter.");
        noMatch.getStyleClass().add("muted");
        noMatch.visibleProperty().bind(Bindings.isNotEmpty(vm.items()).and(Bindings.isEmpty(vm.visible())));
        Label loading = new Label("Loading sandboxes\u2026");
        loading.getStyleClass().add("muted");
        loading.visibleProperty().bind(vm.loadedProperty().not().and(vm.listProblemProperty().isNull()));
        return List.of(empty, noMatch, loading);
    }

    private static Node empty(AppAction create, AppAction demo) {
        FontIcon icon = new FontIcon(Feather.BOX);
        icon.setIconSize(32);
        Label t = new Label("No sandboxes yet");
        t.getStyleClass().add("title");
        Label hint = hint("A sandbox is an isolated Linux environment for running code and agents.");
        Button go = new Button("Create your first sandbox", new FontIcon(Feather.PLUS));
        go.setId("createFirstSandbox");
        go.getStyleClass().add("accent");
        go.setOnAction(e -> create.fire());
        go.setTooltip(new Tooltip(create.title() + "  " + create.shortcutText()));
        Button demoButton = new Button(demo.title(), new FontIcon(demo.icon()));
        demoButton.setId("runDemoAgent");
        demoButton.setOnAction(e -> demo.fire());
        demo.bindDisable(demoButton.disableProperty());
        Label demoHint = hint("Watch a scripted agent fix a failing test, then replay its session.");
        VBox box = new VBox(icon, t, hint, go, demoButton, demoHint);
        box.getStyleClass().add("empty-state");
        box.setId("emptyState");
        // Tall enough for all of it: the split with the file browser gives way rather than the text being cut short.
        box.setMinHeight(Region.USE_PREF_SIZE);
        return box;
    }

    private static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("hint");
        l.setMaxWidth(260);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }
}
