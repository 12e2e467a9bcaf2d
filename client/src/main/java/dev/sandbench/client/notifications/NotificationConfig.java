package dev.sandbench.client.notifications;

import dev.sandbench.client.alerts.Severity;

import java.util.List;

/**
 * Which alerts become notifications: none without {@code inApp}; otherwise those at least
 * {@code minSeverity} whose type is not in {@code mutedTypes}. Alerts are raised either way.
 */
public record NotificationConfig(boolean inApp, Severity minSeverity, List<String> mutedTypes) {}
