package dev.sandbench.engine.sandbox;

/** {@code GET /v1/sandboxes/{id}/stats}: figures from the sandbox's cgroup and workspace; -1 = unknown. */
public record SandboxStats(String sandboxId, String status, String timestamp, long cpuUsageUsec, long memoryBytes,
                           long memoryLimit, long memoryPeak, long pids, long pidsLimit, long diskBytes,
                           long diskLimit, long oomKills) {}
