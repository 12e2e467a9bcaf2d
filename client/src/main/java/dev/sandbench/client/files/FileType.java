package dev.sandbench.client.files;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A directory entry's kind. */
public enum FileType {
    @JsonProperty("file") FILE,
    @JsonProperty("dir") DIR,
    @JsonEnumDefaultValue UNKNOWN
}
