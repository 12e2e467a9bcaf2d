package dev.sandbench.client.code;

/**
 * What running code produced. {@code restarted} means a persistent interpreter had to start
 * again and state from earlier calls is gone.
 */
public record CodeResult(String stdout, String stderr, String output, int exitCode, long durationMs, String error,
                         String language, boolean persistent, boolean restarted, boolean truncated, boolean timedOut) {}
