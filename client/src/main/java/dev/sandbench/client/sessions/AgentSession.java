package dev.sandbench.client.sessions;

import java.time.Instant;

/** An agent session with its totals. */
public record AgentSession(String id, String sandboxId, String status, long tokensIn, long tokensOut, double costUsd,
                           long eventCount, Instant startedAt, String agentType, String model, Double trustScore,
                           Long durationMs, Instant endedAt) {}
