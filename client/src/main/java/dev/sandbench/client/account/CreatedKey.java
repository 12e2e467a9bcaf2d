package dev.sandbench.client.account;

import java.time.Instant;

/** A new API key; {@code key} is the secret, shown this once. */
public record CreatedKey(String id, String name, String prefix, Instant createdAt, Instant lastUsedAt, String key) {}
