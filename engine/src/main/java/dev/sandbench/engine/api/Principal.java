package dev.sandbench.engine.api;

/** Who is calling: the account a valid API key belongs to. */
public record Principal(String accountId, String keyId, boolean admin) {}
