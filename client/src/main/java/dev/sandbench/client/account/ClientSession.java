package dev.sandbench.client.account;

import java.time.Instant;

/** A client seen using the account's keys. */
public record ClientSession(String id, String userAgent, String ipAddress, Instant createdAt, Instant lastActiveAt) {}
