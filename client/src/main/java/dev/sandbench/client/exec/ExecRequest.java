package dev.sandbench.client.exec;

import java.time.Duration;
import java.util.Map;

/**
 * A shell command to run in a sandbox. {@code ExecRequest.of("ls -la").cwd("/tmp").timeout(Duration.ofSeconds(5))}.
 */
public record ExecRequest(String command, String cwd, Map<String, String> env, Long timeoutMs, String stdin,
                          String sessionId) {

    public static ExecRequest of(String command) {
        return new ExecRequest(command, null, null, null, null, null);
    }

    public ExecRequest cwd(String dir) {
        return new ExecRequest(command, dir, env, timeoutMs, stdin, sessionId);
    }

    public ExecRequest env(Map<String, String> vars) {
        return new ExecRequest(command, cwd, Map.copyOf(vars), timeoutMs, stdin, sessionId);
    }

    /** The engine kills the command (and everything it started) after this long. */
    public ExecRequest timeout(Duration d) {
        return new ExecRequest(command, cwd, env, Math.max(1, d.toMillis()), stdin, sessionId);
    }

    public ExecRequest stdin(String input) {
        return new ExecRequest(command, cwd, env, timeoutMs, input, sessionId);
    }

    /** Runs in the sandbox's shell of this name, which keeps cd and export between commands. */
    public ExecRequest session(String name) {
        return new ExecRequest(command, cwd, env, timeoutMs, stdin, name);
    }
}
