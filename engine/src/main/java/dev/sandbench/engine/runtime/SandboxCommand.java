package dev.sandbench.engine.runtime;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** A command running inside a sandbox. */
public interface SandboxCommand {
    void writeStdin(byte[] data) throws IOException;

    void closeStdin() throws IOException;

    /** Completes with the exit code (128 + signal when killed by one, as a shell reports it). */
    CompletableFuture<Integer> exited();

    /** Completes when the command's stdout and stderr are closed (background children may keep them open). */
    CompletableFuture<Void> outputClosed();

    /** Kills the command and everything in its session. */
    void kill();

    /** Decodes a wait(2) status into a shell-style exit code. */
    static int exitCode(int waitStatus) {
        int sig = waitStatus & 0x7f;
        return sig == 0 ? (waitStatus >> 8) & 0xff : 128 + sig;
    }
}
