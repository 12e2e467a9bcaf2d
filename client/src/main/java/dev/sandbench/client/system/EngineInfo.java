package dev.sandbench.client.system;

import java.util.List;
import java.util.Map;

/** What the engine is and which isolation and limits are really in force on its host. */
public record EngineInfo(String version, String runtime, String cgroups, List<String> isolation,
                         Map<String, Enforcement> limits, List<String> networkModes, boolean runningAsRoot,
                         String dataDir, long execTimeoutMs, int outputCapBytes, long maxTextFileBytes,
                         int warmSandboxes, int warmPoolSize, NetworkIsolation network) {

    /**
     * How sandboxes' network is isolated on this engine.
     *
     * @param modes            the network modes sandboxes can have here ({@code none}, {@code full}, {@code allowlist})
     * @param egress           how egress of sandboxes with network is enforced (or why there is none)
     * @param refusedByDefault networks refused unless a rule allows them, with their reason
     * @param hostAddresses    the engine host's addresses now, refused by default
     * @param dnsUpstream      where the engine's resolver forwards sandboxes' queries
     */
    public record NetworkIsolation(List<String> modes, String none, String egress, List<String> refusedByDefault,
                                   List<String> hostAddresses, List<String> dnsUpstream) {}

    /** Whether one kind of limit is enforced, and how. */
    public record Enforcement(boolean enforced, String how) {}
}
