package dev.sandbench.client.snapshots;

import java.time.Instant;

/** A time-limited URL that serves a snapshot's archive without credentials. */
public record DownloadUrl(String url, Instant expiresAt) {}
