package dev.sandbench.engine.alerts;

import java.util.List;

/**
 * When an alert of one type is raised, per account. {@code channels}: where it goes besides the
 * alert list and the event stream ({@code in_app} = a notification). {@code cooldown_minutes}:
 * an alert of this type about the same sandbox or session is not raised again within it.
 */
public record AlertRule(String id, String type, boolean enabled, List<String> channels, Double threshold,
                        int cooldownMinutes, String severity, String description) {}
