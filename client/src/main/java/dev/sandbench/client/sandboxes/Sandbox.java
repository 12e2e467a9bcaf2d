package dev.sandbench.client.sandboxes;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sandbox as the engine reports it. Sizes and durations carry their unit in the name
 * ({@code memoryMb}, {@code diskGb}, {@code timeoutSeconds}). {@code mcpUrl} is the sandbox's MCP
 * endpoint (see {@link dev.sandbench.client.mcp.McpClient}). {@code template} is the name it was
 * created with (such as {@code node-20}); {@code resolvedTemplate} the engine's template that
 * serves it and {@code runtimeVersions} what it really runs ({@code node -> 18.19.0}); both are
 * null from servers that do not report them.
 */
public record Sandbox(String id, SandboxStatus status, String template, double cpus, int memoryMb, double diskGb,
                      NetworkMode networkMode, Instant createdAt, String ip, String repoUrl, Double budget,
                      String initScript, @com.fasterxml.jackson.annotation.JsonProperty("timeout") Long timeoutSeconds,
                      String name, Instant expiresAt, Instant startedAt, Map<String, String> labels, String runtime,
                      Integer pidsLimit, String statusReason, List<String> envKeys, String workspaceId,
                      String mcpUrl, String resolvedTemplate, Map<String, String> runtimeVersions) {

    public boolean running() {
        return status == SandboxStatus.RUNNING;
    }
}
