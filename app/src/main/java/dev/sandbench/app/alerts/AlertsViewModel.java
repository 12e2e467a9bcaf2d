package dev.sandbench.app.alerts;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.connection.ConnectionStatus;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.alerts.Alert;
import dev.sandbench.client.alerts.Severity;
import dev.sandbench.client.events.EngineEvent;
import dev.sandbench.client.http.EngineHttp;
import dev.sandbench.client.notifications.Notification;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's alerts with their notifications, the unread count behind the status-bar bell, and
 * resolve / mark-read. Follows {@code alert.raised} and {@code alert.resolved}; a new high or
 * critical alert also becomes a toast. Use on the UI thread.
 */
public final class AlertsViewModel {
    private final UiExecutor ui;
    private final Notifier notifier;
    private final ObjectProperty<Connection> connection = new SimpleObjectProperty<>(this, "connection");
    private final ObservableList<AlertEntry> entries = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper unread = new ReadOnlyLongWrapper(this, "unread");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "No alerts.");
    private final ObjectProperty<AlertEntry> selected = new SimpleObjectProperty<>(this, "selected");
    private final ChangeListener<ConnectionStatus> onStatus = (o, a, b) -> {
        if (b == ConnectionStatus.CONNECTED) refresh();
    };
    private long request;

    public AlertsViewModel(UiExecutor ui, Notifier notifier) {
        this.ui = ui;
        this.notifier = notifier;
        connection.addListener((o, a, b) -> {
            if (a != null) a.statusProperty().removeListener(onStatus);
            entries.clear();
            unread.set(0);
            if (b != null) b.statusProperty().addListener(onStatus);
            refresh();
        });
    }

    /** Reads alerts, notifications and the unread count again. */
    public void refresh() {
        Connection c = connection.get();
        long mine = ++request;
        if (c == null || c.status() != ConnectionStatus.CONNECTED) return;
        SandbenchClient client = c.client();
        ui.run("read alerts", () -> new Snapshot(client.alerts().list(), client.notifications().list(),
                client.notifications().unreadCount()), s -> {
            if (mine != request) return;
            Map<String, Notification> byAlert = new HashMap<>();
            for (Notification n : s.notifications) {
                if (n.alertId() != null) byAlert.putIfAbsent(n.alertId(), n);
            }
            AlertEntry keep = selected.get();
            entries.setAll(s.alerts.stream().map(a -> new AlertEntry(a, byAlert.get(a.id()))).toList());
            if (keep != null) selected.set(find(keep.alert().id()).orElse(null));
            unread.set(s.unread);
            note.set(entries.isEmpty() ? "No alerts." : "");
        }, e -> {
            if (mine == request) note.set("Could not read alerts: " + Notifier.describe(e));
        });
    }

    private record Snapshot(List<Alert> alerts, List<Notification> notifications, long unread) { }

    /** Follows the event stream: new and resolved alerts. */
    public void onEvents(List<EngineEvent> batch) {
        boolean reload = false;
        for (EngineEvent e : batch) {
            switch (e.type()) {
                case "alert.raised" -> {
                    reload = true;
                    parse(e).filter(a -> a.severity() == Severity.HIGH || a.severity() == Severity.CRITICAL)
                            .ifPresent(a -> notifier.warning(headline(a), a.message()));
                }
                case "alert.resolved", "reset" -> reload = true;
                default -> { }
            }
        }
        if (reload) refresh();
    }

    static Optional<Alert> parse(EngineEvent e) {
        if (e.data() == null) return Optional.empty();
        try {
            return Optional.of(EngineHttp.MAPPER.treeToValue(e.data(), Alert.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException ex) {
            return Optional.empty();
        }
    }

    /** "Alert (high): oom_kill in sbx_1". */
    static String headline(Alert a) {
        String sev = a.severity() == null ? "" : " (" + a.severity().name().toLowerCase(java.util.Locale.ROOT) + ")";
        return "Alert" + sev + ": " + a.type() + (a.sandboxId() == null ? "" : " in " + a.sandboxId());
    }

    public void resolve(AlertEntry entry) {
        SandbenchClient client = client();
        if (client == null || entry.alert().resolved()) return;
        ui.run("resolve alert", () -> client.alerts().resolve(entry.alert().id()), a -> refresh(),
                e -> notifier.error("Could not resolve the alert", e));
    }

    public void markRead(AlertEntry entry) {
        SandbenchClient client = client();
        if (client == null || !entry.unread()) return;
        ui.run("mark read", () -> client.notifications().markRead(entry.notification().id()), n -> refresh(),
                e -> notifier.error("Could not mark the notification read", e));
    }

    public void markAllRead() {
        SandbenchClient client = client();
        if (client == null) return;
        ui.run("mark all read", () -> client.notifications().markAllRead(), n -> refresh(),
                e -> notifier.error("Could not mark the notifications read", e));
    }

    private Optional<AlertEntry> find(String alertId) {
        return entries.stream().filter(x -> x.alert().id().equals(alertId)).findFirst();
    }

    private SandbenchClient client() {
        Connection c = connection.get();
        return c == null ? null : c.client();
    }

    public ObjectProperty<Connection> connectionProperty() { return connection; }
    public ObservableList<AlertEntry> entries() { return entries; }
    public ObjectProperty<AlertEntry> selectedProperty() { return selected; }
    /** Unread notifications on the engine (what the bell shows). */
    public ReadOnlyLongProperty unreadProperty() { return unread.getReadOnlyProperty(); }
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
}
