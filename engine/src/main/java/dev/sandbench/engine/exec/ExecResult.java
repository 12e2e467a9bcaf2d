package dev.sandbench.engine.exec;

/**
 * Result of an exec: the contract's {@code output}, {@code exit_code} and {@code error}, plus
 * the streams apart, timing, and whether output was cut or the command was killed on timeout.
 */
public record ExecResult(String output, int exitCode, String error, String stdout, String stderr, long durationMs,
                         boolean truncated, boolean timedOut, String cwd) {}
