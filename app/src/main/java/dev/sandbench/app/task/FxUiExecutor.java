package dev.sandbench.app.task;

import javafx.application.Platform;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Background work on named daemon threads; callbacks on the JavaFX application thread. */
public final class FxUiExecutor implements UiExecutor, AutoCloseable {
    private final ExecutorService pool;

    public FxUiExecutor() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "sandbench-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // I/O-bound calls to engines: a stalled remote engine must not starve the embedded one.
        pool = Executors.newCachedThreadPool(factory);
    }

    @Override
    public <T> void run(String what, Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        // After the workbench closed, a timer that fires once more has nobody to answer.
        if (pool.isShutdown()) return;
        try {
            submit(work, onSuccess, onFailure);
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
            // closed between the check and now: the same
        }
    }

    private <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        pool.execute(() -> {
            T result;
            try {
                result = work.call();
            } catch (Throwable e) {
                onUi(() -> onFailure.accept(e));
                return;
            }
            onUi(() -> onSuccess.accept(result));
        });
    }

    @Override
    public void onUi(Runnable action) {
        if (Platform.isFxApplicationThread()) action.run();
        else Platform.runLater(action);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
