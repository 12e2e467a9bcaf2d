package dev.sandbench.app.shell;

import dev.sandbench.app.connection.ConnectionProfile;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import org.kordamp.ikonli.javafx.FontIcon;

/** The menu bar, built from the action registry (so menus, palette and shortcut help agree). */
final class MenuBars {
    private final ActionRegistry registry;
    private final Workbench wb;

    MenuBars(ActionRegistry registry, Workbench wb) {
        this.registry = registry;
        this.wb = wb;
    }

    MenuBar build() {
        Menu file = new Menu("_File", null, item("sandbox.new"), item("demo.run"), item("replay.openFile"), new SeparatorMenuItem(), item("connection.manage"),
                new SeparatorMenuItem(), item("app.quit"));
        Menu sandbox = new Menu("_Sandbox", null, item("sandbox.terminal"), item("files.focus"), new SeparatorMenuItem(), item("sandbox.pause"),
                item("sandbox.resume"), item("sandbox.start"), new SeparatorMenuItem(),
                item("sandbox.copyId"), item("sandbox.copySnippet"), item("sandbox.copyMcp"), new SeparatorMenuItem(), item("sandbox.destroy"));
        Menu snapshots = new Menu("S_napshots", null, item("sandbox.snapshot"), item("view.snapshots"), new SeparatorMenuItem(),
                item("snapshot.restore"), item("snapshot.fork"), item("snapshot.compare"), item("snapshot.download"), item("snapshot.import"),
                new SeparatorMenuItem(), item("snapshot.delete"));
        Menu editor = new Menu("_Editor", null, item("editor.save"), item("editor.run"), item("editor.stop"), new SeparatorMenuItem(),
                item("editor.find"), item("editor.replace"), item("editor.gotoLine"), new SeparatorMenuItem(),
                item("editor.scratch"), item("editor.close"));
        Menu view = new Menu("_View", null, item("view.palette"), item("view.theme"), item("explorer.search"),
                item("explorer.reload"), item("view.terminal.next"), item("view.terminal.previous"), new SeparatorMenuItem(),
                item("view.logs"), item("view.stats"), item("view.sessions"), item("alerts.show"), item("alerts.markAllRead"));
        Menu connection = new Menu("_Connection");
        Runnable fill = () -> {
            ToggleGroup group = new ToggleGroup();
            connection.getItems().clear();
            for (ConnectionProfile p : wb.connections().profiles()) {
                RadioMenuItem r = new RadioMenuItem(p.name() + (p.isEmbedded() ? " (embedded)" : ""));
                r.setToggleGroup(group);
                r.setSelected(wb.connections().active() != null && wb.connections().active().profile().id().equals(p.id()));
                r.setOnAction(e -> wb.connections().activate(p));
                connection.getItems().add(r);
            }
            connection.getItems().addAll(new SeparatorMenuItem(), item("connection.manage"));
        };
        wb.connections().profiles().addListener((ListChangeListener<ConnectionProfile>) c -> fill.run());
        wb.connections().activeProperty().addListener((o, a, b) -> fill.run());
        fill.run();
        Menu help = new Menu("_Help", null, item("help.shortcuts"), item("view.palette"), new SeparatorMenuItem(), item("demo.run"));
        MenuBar bar = new MenuBar(file, sandbox, snapshots, editor, view, connection, help);
        bar.setId("menuBar");
        return bar;
    }

    private MenuItem item(String id) {
        AppAction a = registry.get(id);
        MenuItem mi = new MenuItem(a.title(), a.icon() == null ? null : new FontIcon(a.icon()));
        mi.setId("menu-" + id.replace('.', '-'));
        // Shown for discoverability; the registry's scene filter is what fires it.
        mi.setAccelerator(a.accelerator());
        mi.setOnAction(e -> a.fire());
        a.bindDisable(mi.disableProperty());
        return mi;
    }
}
