package dev.sandbench.client.sandboxes;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a new sandbox should be. Every field is optional; the engine fills defaults.
 * Build with {@link #builder()}: {@code CreateSandbox.builder().template("python").memoryMb(256).build()}.
 */
public record CreateSandbox(String template, Double cpus, Integer memoryMb, Double diskGb, NetworkMode networkMode,
                            List<String> allowlist, Map<String, String> env, String initScript,
                            @JsonProperty("timeout") Long timeoutSeconds, String name, Map<String, String> labels,
                            Integer pidsLimit, Double budget, String fromSnapshot, String workspaceId,
                            EgressRules egress) {

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link CreateSandbox}. */
    public static final class Builder {
        private String template;
        private Double cpus;
        private Integer memoryMb;
        private Double diskGb;
        private NetworkMode networkMode;
        private List<String> allowlist;
        private final Map<String, String> env = new LinkedHashMap<>();
        private String initScript;
        private Long timeoutSeconds;
        private String name;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Integer pidsLimit;
        private Double budget;
        private String fromSnapshot;
        private String workspaceId;
        private EgressRules egress;

        public Builder template(String t) { template = t; return this; }
        public Builder cpus(double c) { cpus = c; return this; }
        public Builder memoryMb(int mb) { memoryMb = mb; return this; }
        public Builder diskGb(double gb) { diskGb = gb; return this; }
        public Builder network(NetworkMode m) { networkMode = m; return this; }
        public Builder allowlist(List<String> hosts) { allowlist = List.copyOf(hosts); return this; }
        public Builder env(String key, String value) { env.put(key, value); return this; }
        public Builder env(Map<String, String> all) { env.putAll(all); return this; }
        public Builder initScript(String script) { initScript = script; return this; }
        /** Lifetime after which the engine destroys the sandbox (whole seconds). */
        public Builder timeout(Duration lifetime) { timeoutSeconds = Math.max(1, lifetime.toSeconds()); return this; }
        public Builder name(String n) { name = n; return this; }
        public Builder label(String key, String value) { labels.put(key, value); return this; }
        public Builder pidsLimit(int n) { pidsLimit = n; return this; }
        public Builder budget(double usd) { budget = usd; return this; }
        /** Starts the sandbox with a snapshot's files (a fork). */
        public Builder fromSnapshot(String snapshotId) { fromSnapshot = snapshotId; return this; }
        /** Mounts a named workspace that outlives the sandbox. */
        public Builder workspace(String id) { workspaceId = id; return this; }
        /** Egress rules of a sandbox with network ({@link NetworkMode#FULL} or {@link NetworkMode#ALLOWLIST}). */
        public Builder egress(EgressRules rules) { egress = rules; return this; }

        public CreateSandbox build() {
            return new CreateSandbox(template, cpus, memoryMb, diskGb, networkMode, allowlist,
                    env.isEmpty() ? null : Map.copyOf(env), initScript, timeoutSeconds, name,
                    labels.isEmpty() ? null : Map.copyOf(labels), pidsLimit, budget, fromSnapshot, workspaceId, egress);
        }
    }
}
