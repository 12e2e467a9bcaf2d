package dev.sandbench.engine.snapshots;

/**
 * A snapshot of a sandbox's writable state (workspace, home, tmp) as a compressed tar archive.
 * {@code status}: pending while it is written, completed, or failed (with {@code error}).
 */
public record Snapshot(String id, String sandboxId, String accountId, String name, String trigger, String status,
                       String createdAt, String description, Long sizeBytes, String completedAt, String checksum,
                       String format, String error) {}
