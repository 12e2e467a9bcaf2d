package dev.sandbench.client.snapshots;

import java.time.Instant;

/** A snapshot of a sandbox's files; {@code status} is pending, completed or failed (with {@code error}). */
public record Snapshot(String id, String sandboxId, String accountId, String name, String trigger, String status,
                       Instant createdAt, String description, Long sizeBytes, Instant completedAt, String checksum,
                       String format, String error) {

    public boolean completed() {
        return "completed".equals(status);
    }
}
