package dev.sandbench.app.details;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.connection.Feature;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.sandboxes.Port;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The details panel's state: the selected sandbox and what is fetched for it (its ports, its egress rules). */
public final class DetailsViewModel {
    private final UiExecutor ui;
    private final ObjectProperty<SandboxItem> item = new SimpleObjectProperty<>(this, "item");
    private final ObjectProperty<Connection> connection = new SimpleObjectProperty<>(this, "connection");
    private final ObservableList<Port> ports = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper portsNote = new ReadOnlyStringWrapper(this, "portsNote", "");
    private final EgressEditor egress;
    private long request;

    public DetailsViewModel(UiExecutor ui) {
        this.ui = ui;
        this.egress = new EgressEditor(ui);
        item.addListener((o, a, b) -> {
            loadPorts();
            loadEgress();
        });
        connection.addListener((o, a, b) -> loadEgress());
    }

    /** The selected sandbox's egress rules, to read and change live. */
    public EgressEditor egress() {
        return egress;
    }

    /** Reads the selected sandbox's egress rules again. */
    public void loadEgress() {
        SandboxItem i = item.get();
        egress.show(i == null ? null : i.sandbox(), connection.get());
    }

    /** Reads the selected sandbox's ports again. */
    public void loadPorts() {
        ports.clear();
        SandboxItem i = item.get();
        Connection c = connection.get();
        long mine = ++request;
        if (i == null || c == null) {
            portsNote.set("");
            return;
        }
        if (!c.capabilities().has(Feature.PORTS)) {
            portsNote.set(Feature.PORTS.whyMissing());
            return;
        }
        portsNote.set("Loading…");
        ui.run("list ports", () -> c.client().sandboxes().ports(i.id()), list -> {
            if (mine != request) return;
            ports.setAll(list);
            portsNote.set(list.isEmpty() ? "No ports are listening." : "");
        }, e -> {
            if (mine == request) portsNote.set("Could not list ports: " + Notifier.describe(e));
        });
    }

    public ObjectProperty<SandboxItem> itemProperty() {
        return item;
    }

    public ObjectProperty<Connection> connectionProperty() {
        return connection;
    }

    public ObservableList<Port> ports() {
        return ports;
    }

    public ReadOnlyStringProperty portsNoteProperty() {
        return portsNote.getReadOnlyProperty();
    }
}
