package dev.sandbench.engine.sessions;

import com.fasterxml.jackson.databind.JsonNode;

/** One event of a session's timeline, in time order. */
public record ReplayEvent(String id, String sessionId, String type, String timestamp, JsonNode data) {}
