package dev.sandbench.engine.sessions;

/**
 * An agent session: a run of work in a sandbox whose events form one replayable timeline.
 * {@code sizeBytes} is the recorded data that session retention counts.
 */
public record AgentSession(String id, String sandboxId, String status, long tokensIn, long tokensOut, double costUsd,
                           long eventCount, String startedAt, String agentType, String model, Double trustScore,
                           Long durationMs, String endedAt, long sizeBytes) {}
