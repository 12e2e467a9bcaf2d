package dev.sandbench.app.alerts;

import dev.sandbench.client.alerts.Alert;
import dev.sandbench.client.notifications.Notification;

/** An alert with the notification made from it (null when the alert notified nobody). */
public record AlertEntry(Alert alert, Notification notification) {

    public boolean unread() {
        return notification != null && !notification.read();
    }

    public String title() {
        return notification != null && notification.title() != null ? notification.title() : alert.type();
    }
}
