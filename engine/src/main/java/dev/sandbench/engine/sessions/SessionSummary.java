package dev.sandbench.engine.sessions;

import java.util.List;

/** Totals over a session's events. {@code trust_score} is null until risk signals are computed. */
public record SessionSummary(String sessionId, long totalEvents, long durationMs, long tokensIn, long tokensOut,
                             double costUsd, List<String> toolsUsed, List<String> filesModified, Double trustScore) {}
