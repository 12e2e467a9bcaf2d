package dev.sandbench.engine.compat.cage;

import java.util.List;
import java.util.Map;

/**
 * CAGE's JSON bodies as its server writes them ({@code orchestrator/src/models/mod.rs}); the
 * Python SDK returns them to its users as dicts, so field names follow the original.
 */
final class CageWire {
    private CageWire() {}

    /** {@code POST /api/v1/execute} (and {@code /execute/async}, which sends no persistent or env). */
    record CageExecuteRequest(String code, String language, Long timeoutSeconds, String workingDir,
                          Map<String, String> env, Boolean persistent) {}

    /** {@code status}: success, error or timeout; {@code exitCode} is null after a timeout. */
    record CageExecuteResponse(String executionId, String status, String stdout, String stderr, Integer exitCode,
                           long durationMs, List<String> filesCreated, CageResourceUsage resourceUsage) {}

    /** Measured from the sandbox's cgroup around the run; {@code cpuPercent} is null where unknown. */
    record CageResourceUsage(double memoryMb, Double cpuPercent, double diskMb, long pids) {}

    record CageAsyncJob(String jobId, String status, String pollUrl) {}

    /** {@code status}: queued, running, completed, failed or timeout. */
    record CageJobStatus(String jobId, String status, CageExecuteResponse result, String queuedAt, String startedAt,
                     String completedAt, String error) {}

    /** {@code type}: file or directory; {@code path} is relative to the workspace root {@code /}. */
    record CageFileInfo(String name, String path, String type, long sizeBytes, String modifiedAt, String permissions) {}

    record CageFileList(String path, List<CageFileInfo> files, long totalSizeBytes) {}

    /** The JSON form of {@code POST /api/v1/files} (the SDK sends multipart instead). */
    record CageUploadRequest(String filename, String path, String content, Boolean overwrite) {}

    record CageUploaded(String path, long sizeBytes, String checksum) {}

    record CageCreateSession(String language, Boolean resetWorkspace) {}

    record CageSessionInfo(String sessionId, String userId, String containerId, String status, String createdAt,
                       String lastActivity, CageResourceLimits resourceLimits, CageResourceUsage currentUsage,
                       CageNetworkPolicy networkPolicy) {}

    record CageResourceLimits(long maxMemoryMb, double maxCpus, long maxPids, long maxExecutionSeconds, long maxDiskMb) {}

    record CageNetworkPolicy(boolean enabled, List<String> allowedHosts, List<Integer> allowedPorts) {}
}
