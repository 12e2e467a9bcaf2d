package dev.sandbench.engine.compat.sandkasten;

import java.util.List;

/**
 * Sandkasten's JSON bodies ({@code internal/api}, {@code internal/session/manager.go}). Its SDK
 * reads some fields by subscript ({@code id}, {@code image}, {@code status}, {@code cwd},
 * {@code created_at}, {@code expires_at} of a session; {@code exit_code}, {@code cwd},
 * {@code output} of an exec; {@code content_base64} of a read), so those are always present.
 */
final class SandkastenWire {
    private SandkastenWire() {}

    /** {@code POST /v1/sessions}; image is a Sandkasten image name (base, python, node). */
    record SandkastenCreate(String image, Integer ttlSeconds, String workspaceId) {}

    /** SessionInfo; the id is the engine sandbox behind the session. */
    record SandkastenSession(String id, String image, String status, String cwd, String workspaceId, String createdAt,
                             String expiresAt, String lastActivity) {}

    /** Body of exec and exec/stream; raw_output (PTY bytes) has nothing to return here: output is always clean. */
    record SandkastenExec(String cmd, Integer timeoutMs, Boolean rawOutput) {}

    record SandkastenExecResult(int exitCode, String cwd, String output, boolean truncated, long durationMs) {}

    /** One server-sent event of exec/stream: chunk {chunk, timestamp ms}, done {exit_code, cwd, duration_ms}, error {error}. */
    record SandkastenStreamEvent(String chunk, Long timestamp, Integer exitCode, String cwd, Long durationMs,
                                 String error) {}

    /** {@code fs/write}: {@code content_base64}, or {@code text} for UTF-8 text. */
    record SandkastenWrite(String path, String contentBase64, String text) {}

    record SandkastenRead(String path, String contentBase64, boolean truncated) {}

    record SandkastenUploaded(boolean ok, List<String> paths) {}

    record SandkastenStats(long memoryBytes, long memoryLimit, long cpuUsageUsec) {}

    record SandkastenOk(boolean ok) {}

    record SandkastenHealth(String status) {}
}
