package dev.sandbench.client.exec;

import okhttp3.Call;

import java.util.concurrent.CompletableFuture;

/** A command whose output is streaming; {@link #close()} stops it (the engine kills the command). */
public final class ExecStream implements AutoCloseable {
    private final Call call;
    private final CompletableFuture<StreamDone> done;

    ExecStream(Call call, CompletableFuture<StreamDone> done) {
        this.call = call;
        this.done = done;
    }

    /** Completes when the command ends; fails with the client's typed exception if the stream broke. */
    public CompletableFuture<StreamDone> done() {
        return done;
    }

    @Override
    public void close() {
        call.cancel();
    }
}
