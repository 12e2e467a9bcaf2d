package dev.sandbench.engine.alerts;

import java.util.Map;

/**
 * Something that needs a person's attention. The contract's fields, plus the session it concerns
 * (cost and trust alerts) and the figures behind it in {@code data}.
 */
public record Alert(String id, String type, String severity, String message, boolean resolved, String createdAt,
                    String sandboxId, String resolvedAt, String sessionId, Map<String, Object> data) {}
