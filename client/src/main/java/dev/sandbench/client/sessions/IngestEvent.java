package dev.sandbench.client.sessions;

import java.time.Instant;
import java.util.Map;

/**
 * An event an agent reports: {@code llm_call} (data: model, tokens_in, tokens_out, cost_usd,
 * prompt, response), {@code tool_call} (name, arguments, result), {@code message}, {@code error},
 * or any other type. Give an {@code id} so a retry never duplicates it.
 */
public record IngestEvent(String type, String sandboxId, Map<String, Object> data, String id, String sessionId,
                          Instant timestamp) {

    public static IngestEvent of(String type, String sandboxId, Map<String, Object> data) {
        return new IngestEvent(type, sandboxId, data, null, null, null);
    }

    public IngestEvent id(String eventId) {
        return new IngestEvent(type, sandboxId, data, eventId, sessionId, timestamp);
    }

    public IngestEvent session(String sid) {
        return new IngestEvent(type, sandboxId, data, id, sid, timestamp);
    }
}
