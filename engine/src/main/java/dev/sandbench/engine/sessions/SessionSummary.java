package dev.sandbench.engine.sessions;

import java.util.List;
import java.util.Map;

/**
 * Totals over a session's events. {@code trust_score} is 1 minus what {@code trust_factors}
 * cost (each factor's flagged weights, capped); see {@link dev.sandbench.engine.trust.RiskRules}.
 */
public record SessionSummary(String sessionId, long totalEvents, long durationMs, long tokensIn, long tokensOut,
                             double costUsd, List<String> toolsUsed, List<String> filesModified, Double trustScore,
                             Map<String, Double> trustFactors) {}
