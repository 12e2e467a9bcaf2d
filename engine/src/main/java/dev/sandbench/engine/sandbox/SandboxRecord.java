package dev.sandbench.engine.sandbox;

import java.util.Map;

/**
 * A sandbox as stored. {@code template} is the name as asked (e.g. {@code node-20});
 * {@code resolvedTemplate} the local template that serves it (see {@link TemplateNames}).
 */
public record SandboxRecord(
        String id, String accountId, String name, String template, double cpus, int memoryMb, double diskGb,
        int pidsLimit, String networkMode, Map<String, String> env, Map<String, String> labels, String initScript,
        Long timeoutSeconds, Double budget, int hostUid, String status, String statusReason, String createdAt,
        String startedAt, String expiresAt, String pausedAt, String destroyedAt, String runtimeId, String workspaceId,
        String resolvedTemplate) {

    /** The name of the sandbox's directory and cgroup. */
    public String runtimeName() {
        return runtimeId == null ? id : runtimeId;
    }

    /** The local template the sandbox runs (older records stored only that, as {@code template}). */
    public String localTemplate() {
        return resolvedTemplate == null ? template : resolvedTemplate;
    }

    public boolean live() {
        return status.equals(SandboxStatus.RUNNING) || status.equals(SandboxStatus.PAUSED)
                || status.equals(SandboxStatus.PENDING);
    }
}
