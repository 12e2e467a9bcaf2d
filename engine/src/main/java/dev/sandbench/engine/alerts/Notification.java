package dev.sandbench.engine.alerts;

/** A message for the account's people, made from an alert. */
public record Notification(String id, String type, String title, String body, boolean read, String createdAt,
                           String alertId) {}
