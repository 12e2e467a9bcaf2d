package dev.sandbench.client.sessions;

import java.time.Instant;

/** An agent session with its totals; {@code sizeBytes} is its recorded data, which retention counts. */
public record AgentSession(String id, String sandboxId, String status, long tokensIn, long tokensOut, double costUsd,
                           long eventCount, Instant startedAt, String agentType, String model, Double trustScore,
                           Long durationMs, Instant endedAt, Long sizeBytes) {}
