package dev.sandbench.client.system;

import java.util.List;
import java.util.Map;

/** What the engine is and which isolation and limits are really in force on its host. */
public record EngineInfo(String version, String runtime, String cgroups, List<String> isolation,
                         Map<String, Enforcement> limits, List<String> networkModes, boolean runningAsRoot,
                         String dataDir, long execTimeoutMs, int outputCapBytes, long maxTextFileBytes,
                         int warmSandboxes, int warmPoolSize) {

    /** Whether one kind of limit is enforced, and how. */
    public record Enforcement(boolean enforced, String how) {}
}
