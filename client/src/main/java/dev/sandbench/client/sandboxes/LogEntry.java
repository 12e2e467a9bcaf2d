package dev.sandbench.client.sandboxes;

import java.time.Instant;

/** One line of a sandbox's engine log. */
public record LogEntry(Instant timestamp, String type, String message) {}
