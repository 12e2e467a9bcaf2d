package dev.sandbench.engine.compat.cloud;

import java.util.List;
import java.util.Map;

/**
 * Cloud Sandbox's JSON bodies as its Go servers write them ({@code internal/session/types.go},
 * {@code internal/sandbox/types.go}, {@code cmd/scheduler}, {@code cmd/gateway}). Its Python SDK
 * reads them with {@code .get()} and defaults, so every 2xx body is a JSON object.
 */
final class CloudWire {
    private CloudWire() {}

    /** {@code POST /api/v1/auth/token}; role is user (the SDK's default) or admin. */
    record CloudTokenRequest(String userId, String role) {}

    /** {@code expires_in} is a string of seconds, as the gateway writes it. */
    record CloudToken(String accessToken, String refreshToken, String tokenType, String expiresIn) {}

    /** {@code ttl} is a Go Duration: nanoseconds. */
    record CloudCreateSession(String image, Integer cpuCount, Integer memoryMb, Long ttl, Map<String, String> metadata) {}

    /** A session; {@code metadata} also says which engine template serves the image and its version. */
    record CloudSession(String id, String userId, String sandboxId, String status, String image, int cpuCount,
                        int memoryMb, String workspaceUrl, String createdAt, String updatedAt, String lastActiveAt,
                        String expiresAt, String pausedAt, Map<String, String> metadata) {}

    record CloudSessionList(List<CloudSession> sessions) {}

    record CloudSandboxInfo(String sandboxId, String containerId, String status, String ip) {}

    record CloudSandboxRef(String sandboxId) {}

    /** Both shapes the SDK's users expect: the scheduler's pool figures and its e2e test's. */
    record CloudPoolStats(int idle, int active, int creating, int max, int total, int available, int inUse) {}

    /** {@code timeout} in seconds (0 or absent: 300); {@code command} is an argv, run without a shell. */
    record CloudExecute(String sandboxId, String code, String language, List<String> command, String workDir,
                        Map<String, String> env, Long timeout) {}

    record CloudExecResult(int exitCode, String stdout, String stderr, long durationMs, boolean timedOut, String error) {}

    /** {@code PUT /api/v1/files}: content is the file's text, not base64. */
    record CloudWriteFile(String sandboxId, String path, String content) {}

    record CloudFileInfo(String name, String path, long size, boolean isDir, String modTime) {}

    record CloudFileList(List<CloudFileInfo> files) {}

    record CloudSuccess(boolean success) {}
}
