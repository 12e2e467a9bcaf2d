package dev.sandbench.client.sandboxes;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What network a sandbox has: none (only loopback), full outbound, or an allowlist. */
public enum NetworkMode {
    @JsonProperty("none") NONE,
    @JsonProperty("full") FULL,
    @JsonProperty("allowlist") ALLOWLIST,
    @JsonEnumDefaultValue UNKNOWN
}
