package dev.sandbench.client.alerts;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** How urgent an alert is, least first. {@link #UNKNOWN} stands for a level a newer engine may add. */
public enum Severity {
    @JsonProperty("low") LOW,
    @JsonProperty("medium") MEDIUM,
    @JsonProperty("high") HIGH,
    @JsonProperty("critical") CRITICAL,
    @JsonEnumDefaultValue UNKNOWN
}
