package dev.sandbench.engine.alerts;

import java.util.List;

/** Body of {@code PUT /v1/alerts/rules/{id}}: the fields to change; an absent field keeps its value. */
public record AlertRuleUpdate(Boolean enabled, List<String> channels, Double threshold, Integer cooldownMinutes,
                              String severity) {}
