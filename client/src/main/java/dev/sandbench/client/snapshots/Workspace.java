package dev.sandbench.client.snapshots;

import java.time.Instant;

/** A named workspace: files that outlive the sandboxes that mount them. */
public record Workspace(String id, Instant createdAt, boolean inUse) {}
