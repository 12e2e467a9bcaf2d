package dev.sandbench.engine.sandbox;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/sandboxes}; every field is optional. {@code allowlist} (the contract's
 * host names) and {@code egress} apply to sandboxes with network ({@code full} or {@code allowlist}).
 */
public record CreateSandboxRequest(
        String template, Double cpus, Integer memoryMb, Double diskGb, String networkMode, List<String> allowlist,
        Map<String, String> env, String initScript, Long timeout, String repo, String repoBranch, String repoCommit,
        String repoSubdir, String repoToken, List<Object> secrets, Double budget, List<String> packages,
        List<Object> agents, String name, Map<String, String> labels, Integer pidsLimit, String fromSnapshot,
        String workspaceId, EgressRules egress) {}
