package dev.sandbench.client.events;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sandbench.client.http.EngineHttp;
import dev.sandbench.client.sandboxes.Sandbox;

import java.time.Instant;
import java.util.Optional;

/**
 * A change on the engine: {@code sandbox.created}, {@code sandbox.updated},
 * {@code sandbox.destroyed}, {@code files.changed}, {@code job.completed}, and {@code reset}
 * (the client missed events and should reload what it shows).
 */
public record EngineEvent(String id, String type, String sandboxId, Instant timestamp, JsonNode data) {

    /** The sandbox as it is after a {@code sandbox.created} or {@code sandbox.updated} event. */
    public Optional<Sandbox> sandbox() {
        if (data == null || !data.hasNonNull("sandbox")) return Optional.empty();
        try {
            return Optional.of(EngineHttp.MAPPER.treeToValue(data.get("sandbox"), Sandbox.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the engine sent a sandbox this client cannot read: " + e.getMessage(), e);
        }
    }
}
