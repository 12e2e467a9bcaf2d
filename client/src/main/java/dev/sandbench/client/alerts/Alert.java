package dev.sandbench.client.alerts;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * Something in a sandbox or session that needs attention. {@code type} is the id of the rule
 * that raised it ({@code oom_kill}, {@code pids_limit}, {@code disk_limit}, {@code exec_timeout},
 * {@code cost_over_budget}, {@code sandbox_expiring}, {@code low_trust}); {@code data} holds the
 * figures behind it.
 */
public record Alert(String id, String type, Severity severity, String message, boolean resolved, Instant createdAt,
                    String sandboxId, Instant resolvedAt, String sessionId, JsonNode data) {}
