package dev.sandbench.client.sessions;

import java.time.Instant;
import java.util.Map;

/**
 * A session's trust: {@code score} in 0..1 (1 = no risk signal seen) and what each factor
 * ({@code destructive_commands}, {@code credential_access}, ...) took off it.
 */
public record TrustScore(String sessionId, String sandboxId, double score, Map<String, Double> factors,
                         Instant updatedAt) {}
