package dev.sandbench.client.files;

import java.time.Instant;

/** A file or directory in a sandbox; {@code size} in bytes. */
public record FileEntry(String name, String path, FileType type, long size, Instant modified) {
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isDirectory() {
        return type == FileType.DIR;
    }
}
