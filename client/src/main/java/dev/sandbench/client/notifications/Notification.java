package dev.sandbench.client.notifications;

import java.time.Instant;

/** A message made from an alert ({@code alertId}); {@code type} is the alert's type. */
public record Notification(String id, String type, String title, String body, boolean read, Instant createdAt,
                           String alertId) {}
