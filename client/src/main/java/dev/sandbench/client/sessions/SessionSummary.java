package dev.sandbench.client.sessions;

import java.util.List;
import java.util.Map;

/** Totals over a session, with its trust score and what each risk factor took off it. */
public record SessionSummary(String sessionId, long totalEvents, long durationMs, long tokensIn, long tokensOut,
                             double costUsd, List<String> toolsUsed, List<String> filesModified, Double trustScore,
                             Map<String, Double> trustFactors) {}
