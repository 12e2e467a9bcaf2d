package dev.sandbench.engine.sandbox;

import java.util.Map;

/** A sandbox as stored. */
public record SandboxRecord(
        String id, String accountId, String name, String template, double cpus, int memoryMb, double diskGb,
        int pidsLimit, String networkMode, Map<String, String> env, Map<String, String> labels, String initScript,
        Long timeoutSeconds, Double budget, int hostUid, String status, String statusReason, String createdAt,
        String startedAt, String expiresAt, String pausedAt, String destroyedAt, String runtimeId, String workspaceId) {

    /** The name of the sandbox's directory and cgroup. */
    public String runtimeName() {
        return runtimeId == null ? id : runtimeId;
    }

    public boolean live() {
        return status.equals(SandboxStatus.RUNNING) || status.equals(SandboxStatus.PAUSED)
                || status.equals(SandboxStatus.PENDING);
    }
}
