package dev.sandbench.client.files;

import dev.sandbench.client.SandbenchException;
import dev.sandbench.client.TransportException;
import okhttp3.Call;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An upload or download running in the background. {@link #await()} waits for the result;
 * {@link #cancel()} stops it: a cancelled upload leaves no file in the sandbox, a cancelled
 * download no file on disk.
 */
public final class Transfer<T> {
    /** The work of a transfer; it registers its HTTP call so cancel can abort it. */
    @FunctionalInterface
    interface Work<T> {
        T run(Transfer<T> self) throws Exception;
    }

    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final AtomicReference<Call> call = new AtomicReference<>();
    private volatile boolean cancelled;

    static <T> Transfer<T> start(Executor executor, Work<T> work) {
        Transfer<T> t = new Transfer<>();
        executor.execute(() -> {
            try {
                t.future.complete(work.run(t));
            } catch (Throwable e) {
                t.future.completeExceptionally(t.cancelled ? new CancellationException("transfer cancelled") : e);
            }
        });
        return t;
    }

    void attach(Call c) {
        call.set(c);
        if (cancelled) c.cancel();
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Stops the transfer. Has no effect once it finished. */
    public void cancel() {
        cancelled = true;
        Call c = call.get();
        if (c != null) c.cancel();
    }

    public boolean isDone() {
        return future.isDone();
    }

    public CompletableFuture<T> future() {
        return future;
    }

    /**
     * Waits for the transfer. Throws the client's typed exception on failure and
     * {@link CancellationException} when cancelled.
     */
    public T await() {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new CancellationException("interrupted");
        } catch (ExecutionException | CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof SandbenchException s) throw s;
            if (c instanceof CancellationException ce) throw ce;
            if (c instanceof RuntimeException r) throw r;
            throw new TransportException("transfer failed: " + c.getMessage(), c);
        }
    }
}
