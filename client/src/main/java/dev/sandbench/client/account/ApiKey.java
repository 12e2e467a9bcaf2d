package dev.sandbench.client.account;

import java.time.Instant;

/** An API key as listed: never the secret. */
public record ApiKey(String id, String name, String prefix, Instant createdAt, Instant lastUsedAt) {}
