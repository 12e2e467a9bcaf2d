package dev.sandbench.client.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A change on the engine: {@code sandbox.created}, {@code sandbox.updated},
 * {@code sandbox.destroyed}, {@code files.changed}, {@code job.completed}, and {@code reset}
 * (the client missed events and should reload what it shows).
 */
public record EngineEvent(String id, String type, String sandboxId, Instant timestamp, JsonNode data) {}
