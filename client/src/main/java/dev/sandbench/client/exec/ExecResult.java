package dev.sandbench.client.exec;

/**
 * A finished command. {@code output} is stdout and stderr as they interleaved; {@code error}
 * is null unless the engine itself failed or killed the command (a failing command only has a
 * non-zero {@code exitCode}).
 */
public record ExecResult(String output, int exitCode, String error, String stdout, String stderr, long durationMs,
                         boolean truncated, boolean timedOut, String cwd) {

    public boolean succeeded() {
        return exitCode == 0 && error == null;
    }
}
