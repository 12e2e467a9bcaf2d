package dev.sandbench.client.sandboxes;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sandbox as the engine reports it. Sizes and durations carry their unit in the name
 * ({@code memoryMb}, {@code diskGb}, {@code timeoutSeconds}). {@code mcpUrl} is the sandbox's MCP
 * endpoint (see {@link dev.sandbench.client.mcp.McpClient}).
 */
public record Sandbox(String id, SandboxStatus status, String template, double cpus, int memoryMb, double diskGb,
                      NetworkMode networkMode, Instant createdAt, String ip, String repoUrl, Double budget,
                      String initScript, @com.fasterxml.jackson.annotation.JsonProperty("timeout") Long timeoutSeconds,
                      String name, Instant expiresAt, Instant startedAt, Map<String, String> labels, String runtime,
                      Integer pidsLimit, String statusReason, List<String> envKeys, String workspaceId,
                      String mcpUrl) {

    public boolean running() {
        return status == SandboxStatus.RUNNING;
    }
}
