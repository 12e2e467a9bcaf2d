package dev.sandbench.engine.alerts;

import java.util.List;

/**
 * Which alerts become notifications, per account: none when {@code in_app} is off; otherwise
 * those at least {@code min_severity} whose type is not muted. Alerts are raised either way.
 */
public record NotificationConfig(boolean inApp, String minSeverity, List<String> mutedTypes) {
    static final NotificationConfig DEFAULT = new NotificationConfig(true, "low", List.of());
}
