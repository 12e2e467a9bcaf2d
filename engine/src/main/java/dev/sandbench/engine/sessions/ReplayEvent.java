package dev.sandbench.engine.sessions;

import com.fasterxml.jackson.databind.JsonNode;

/** One event of a session's timeline, in time order. */
public record ReplayEvent(String id, String sessionId, String type, String timestamp, JsonNode data) {
    /** The same, with {@code data} as stored JSON text: what the replay route sends without parsing it. */
    public record Raw(String id, String sessionId, String type, String timestamp,
                      @com.fasterxml.jackson.annotation.JsonRawValue String data) {}
}
