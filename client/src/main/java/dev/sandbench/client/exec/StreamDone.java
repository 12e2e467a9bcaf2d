package dev.sandbench.client.exec;

/**
 * How a streamed command ended: its exit code, or (timeout, engine failure) an error with
 * exit code 124 or -1.
 */
public record StreamDone(int exitCode, long durationMs, String cwd, String error) {
    public boolean succeeded() {
        return exitCode == 0 && error == null;
    }
}
