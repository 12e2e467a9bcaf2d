package dev.sandbench.client.sandboxes;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A sandbox's state. {@link #UNKNOWN} stands for a state a newer engine may add. */
public enum SandboxStatus {
    @JsonProperty("pending") PENDING,
    @JsonProperty("running") RUNNING,
    @JsonProperty("paused") PAUSED,
    @JsonProperty("stopped") STOPPED,
    @JsonProperty("error") ERROR,
    @JsonProperty("destroyed") DESTROYED,
    @JsonEnumDefaultValue UNKNOWN
}
