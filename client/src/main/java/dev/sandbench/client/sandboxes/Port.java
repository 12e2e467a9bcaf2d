package dev.sandbench.client.sandboxes;

/** A port listening inside a sandbox; {@code url} is set when the engine forwards it. */
public record Port(int port, String protocol, String state, String url) {}
