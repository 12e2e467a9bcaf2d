package dev.sandbench.engine.compat.agentcube;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * AgentCube's JSON bodies: the WorkloadManager's camelCase ({@code pkg/common/types}) and PicoD's
 * snake_case ({@code pkg/picod}), as its servers write them.
 */
final class AgentCubeWire {
    private AgentCubeWire() {}

    /** {@code POST /v1/code-interpreter} (and {@code /v1/agent-runtime}); ttl in seconds. */
    record AgentCubeCreate(String name, String namespace, Long ttl, Map<String, Object> metadata) {}

    record AgentCubeEntryPoint(String path, String protocol, String endpoint) {}

    record AgentCubeCreated(String kind, @JsonProperty("sessionId") String sessionId,
                            @JsonProperty("sandboxId") String sandboxId, @JsonProperty("sandboxName") String sandboxName,
                            @JsonProperty("entryPoints") List<AgentCubeEntryPoint> entryPoints,
                            @JsonProperty("ownerId") String ownerId) {}

    record AgentCubeMessage(String message) {}

    /** PicoD's execute: an argv, a Go duration ({@code "120s"}, {@code "2.5s"}), optional directory and env. */
    record AgentCubeExecute(List<String> command, String timeout, String workingDir, Map<String, String> env) {}

    /** {@code duration} in seconds; a timeout is exit code 124. */
    record AgentCubeExecResult(String stdout, String stderr, int exitCode, double duration, String startTime,
                               String endTime) {}

    /** JSON upload: content is base64; mode an octal string such as {@code "0644"}. */
    record AgentCubeUpload(String path, String content, String mode) {}

    /** {@code path} relative to the workspace when inside it; {@code mode} as Go prints one ({@code -rw-r--r--}). */
    record AgentCubeFileInfo(String path, long size, String mode, String modified) {}

    record AgentCubeFileEntry(String name, long size, String modified, String mode, boolean isDir) {}

    record AgentCubeFileList(List<AgentCubeFileEntry> files) {}
}
