package dev.sandbench.engine.trust;

import java.util.Map;

/** A session's trust as {@code GET /v1/trust/sandboxes/{id}} answers it (exact fields, per the contract). */
public record TrustScore(String sessionId, String sandboxId, double score, Map<String, Double> factors, String updatedAt) {}
