package dev.sandbench.app.task;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way view-models do I/O: work runs off the UI thread, results come back on it. Production
 * uses {@link FxUiExecutor}; view-model tests use {@link #direct()}, which runs everything inline.
 */
public interface UiExecutor {

    /** Runs {@code work} in the background; exactly one of the callbacks then runs on the UI thread. */
    <T> void run(String what, Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure);

    /** Runs {@code action} on the UI thread (now if already there). */
    void onUi(Runnable action);

    /** Runs everything on the calling thread: for tests of view-models. */
    static UiExecutor direct() {
        return new UiExecutor() {
            @Override
            public <T> void run(String what, Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
                T result;
                try {
                    result = work.call();
                } catch (Exception e) {
                    onFailure.accept(e);
                    return;
                }
                onSuccess.accept(result);
            }

            @Override
            public void onUi(Runnable action) {
                action.run();
            }
        };
    }
}
