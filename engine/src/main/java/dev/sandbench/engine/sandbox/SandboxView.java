package dev.sandbench.engine.sandbox;

import java.util.List;
import java.util.Map;

/**
 * A sandbox as the API shows it (the contract's Sandbox plus the engine's extra fields).
 * {@code template} is the name as asked; {@code resolvedTemplate} and {@code runtimeVersions}
 * say what the sandbox really runs (a {@code node-20} may be the host's Node.js 18).
 */
public record SandboxView(
        String id, String status, String template, double cpus, int memoryMb, double diskGb, String networkMode,
        String createdAt, String ip, String repoUrl, Double budget, String initScript, Long timeout,
        String name, String expiresAt, String startedAt, Map<String, String> labels, String runtime, int pidsLimit,
        String statusReason, List<String> envKeys, String workspaceId, String mcpUrl, String resolvedTemplate,
        Map<String, String> runtimeVersions) {

    /** The path of a sandbox's MCP endpoint (Streamable HTTP, and WebSocket on upgrade). */
    public static String mcpPath(String sandboxId) {
        return "/v1/sandboxes/" + sandboxId + "/mcp";
    }

    /** {@code baseUrl} is the engine's own URL; null while it is not listening yet. */
    static SandboxView of(SandboxRecord r, String baseUrl, Map<String, String> runtimeVersions) {
        return new SandboxView(r.id(), r.status(), r.template(), r.cpus(), r.memoryMb(), r.diskGb(), r.networkMode(),
                r.createdAt(), r.networkMode().equals("full") && r.status().equals(SandboxStatus.RUNNING) ? "10.0.2.100" : null,
                null, r.budget(), r.initScript(), r.timeoutSeconds(), r.name(), r.expiresAt(), r.startedAt(),
                r.labels(), "bubblewrap", r.pidsLimit(), r.statusReason(),
                r.env().keySet().stream().sorted().toList(), r.workspaceId(),
                baseUrl == null ? null : baseUrl + mcpPath(r.id()), r.localTemplate(), runtimeVersions);
    }
}
