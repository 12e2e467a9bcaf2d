package dev.sandbench.client.sandboxes;

import java.time.Instant;

/** Resource use of a sandbox; -1 where the engine cannot tell. Sizes in bytes, CPU in microseconds. */
public record SandboxStats(String sandboxId, SandboxStatus status, Instant timestamp, long cpuUsageUsec,
                           long memoryBytes, long memoryLimit, long memoryPeak, long pids, long pidsLimit,
                           long diskBytes, long diskLimit, long oomKills) {}
