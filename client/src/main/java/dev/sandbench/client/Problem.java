package dev.sandbench.client;

/** The engine's problem detail (RFC 9457) for a failed call. */
public record Problem(int status, String title, String detail) {}
