package dev.sandbench.app.terminals;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.terminal.TerminalView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Terminal tabs in the bottom panel, several per sandbox. Closing a tab (or switching connection)
 * closes its socket, which ends the shell and frees the engine's PTY.
 */
public final class TerminalsPanel {
    private final TabPane tabs;
    private final Map<Tab, TerminalView> views = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();

    public TerminalsPanel(TabPane bottomTabs) {
        this.tabs = bottomTabs;
    }

    /** Opens a new shell in {@code item}'s sandbox and shows it. */
    public TerminalView open(Connection connection, SandboxItem item, boolean dark, float fontSize) {
        TerminalView view = new TerminalView(connection.client(), item.id(), dark, fontSize);
        String name = item.sandbox().name() == null || item.sandbox().name().isBlank() ? item.id() : item.sandbox().name();
        int n = counters.merge(item.id(), 1, Integer::sum);
        Tab tab = new Tab(name + (n > 1 ? " (" + n + ")" : ""), view.node());
        tab.setId("terminal-" + item.id() + "-" + n);
        FontIcon icon = new FontIcon(Feather.TERMINAL);
        tab.setGraphic(icon);
        tab.setTooltip(new Tooltip(item.id()));
        view.stateProperty().addListener((o, a, b) -> {
            icon.setIconCode(b == TerminalView.State.DISCONNECTED ? Feather.ALERT_TRIANGLE : Feather.TERMINAL);
            tab.getTooltip().setText(item.id() + " — " + view.statusProperty().get());
        });
        tab.setOnClosed(e -> {
            views.remove(tab);
            view.close();
        });
        views.put(tab, view);
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
        view.requestFocus();
        return view;
    }

    /** The terminal in the selected tab, if it is one. */
    public TerminalView current() {
        return views.get(tabs.getSelectionModel().getSelectedItem());
    }

    public List<TerminalView> all() {
        return new ArrayList<>(views.values());
    }

    /** Switches every open terminal to the dark or light palette. */
    public void setDark(boolean dark) {
        views.values().forEach(v -> v.setDark(dark));
    }

    /** Closes every terminal (the connection they belong to is going away). */
    public void closeAll() {
        for (Tab t : new ArrayList<>(views.keySet())) {
            views.remove(t).close();
            tabs.getTabs().remove(t);
        }
    }

    /** Closes the terminals of a sandbox that was destroyed. */
    public void closeFor(String sandboxId) {
        for (var e : new ArrayList<>(views.entrySet())) {
            if (e.getValue().sandboxId().equals(sandboxId)) {
                views.remove(e.getKey());
                e.getValue().close();
                tabs.getTabs().remove(e.getKey());
            }
        }
    }
}
