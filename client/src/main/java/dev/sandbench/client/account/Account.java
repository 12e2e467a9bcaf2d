package dev.sandbench.client.account;

import java.time.Instant;

/** An account on the engine. */
public record Account(String id, String name, Instant createdAt) {}
