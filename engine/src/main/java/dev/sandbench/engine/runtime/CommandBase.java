package dev.sandbench.engine.runtime;

import java.util.concurrent.CompletableFuture;

/** The completion state every kind of sandbox command shares. */
abstract class CommandBase implements SandboxCommand {
    final CompletableFuture<Integer> exited;
    final CompletableFuture<Void> outputClosed;

    CommandBase(CompletableFuture<Integer> exited, CompletableFuture<Void> outputClosed) {
        this.exited = exited;
        this.outputClosed = outputClosed;
    }

    @Override
    public final CompletableFuture<Integer> exited() {
        return exited;
    }

    @Override
    public final CompletableFuture<Void> outputClosed() {
        return outputClosed;
    }
}
