package dev.sandbench.engine.events;

import java.util.Map;

/** Something that changed, as the live event stream reports it. */
public record EngineEvent(String id, String type, String sandboxId, String timestamp, Map<String, Object> data) {}
