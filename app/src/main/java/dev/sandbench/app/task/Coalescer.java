package dev.sandbench.app.task;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Batches items produced on other threads into one UI-thread delivery: a burst of engine events
 * becomes one list update, not one {@code runLater} per event.
 */
public final class Coalescer<T> {
    private final UiExecutor ui;
    private final Consumer<List<T>> sink;
    private List<T> pending = new ArrayList<>();
    private boolean scheduled;

    public Coalescer(UiExecutor ui, Consumer<List<T>> sink) {
        this.ui = ui;
        this.sink = sink;
    }

    public void add(T item) {
        boolean schedule;
        synchronized (this) {
            pending.add(item);
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) ui.onUi(this::drain);
    }

    private void drain() {
        List<T> batch;
        synchronized (this) {
            batch = pending;
            pending = new ArrayList<>();
            scheduled = false;
        }
        if (!batch.isEmpty()) sink.accept(batch);
    }
}
