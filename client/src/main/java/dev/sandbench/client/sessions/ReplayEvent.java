package dev.sandbench.client.sessions;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One event of a session's timeline. */
public record ReplayEvent(String id, String sessionId, String type, Instant timestamp, JsonNode data) {}
