package dev.sandbench.engine.exec;

/**
 * Result of running code: the contract's fields plus whether it ran in a persistent
 * interpreter and whether that interpreter had to be (re)started, losing earlier state.
 */
public record CodeResult(String stdout, String stderr, String output, int exitCode, long durationMs, String error,
                         String language, boolean persistent, boolean restarted, boolean truncated, boolean timedOut) {}
