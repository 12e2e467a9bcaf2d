package dev.sandbench.client.sessions;

import java.util.List;

/** Totals over a session. */
public record SessionSummary(String sessionId, long totalEvents, long durationMs, long tokensIn, long tokensOut,
                             double costUsd, List<String> toolsUsed, List<String> filesModified, Double trustScore) {}
