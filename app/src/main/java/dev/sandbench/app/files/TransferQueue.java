package dev.sandbench.app.files;

import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.files.Transfer;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Uploads and downloads with their progress, speed and cancel buttons, and the overall progress of
 * the ones still running. Progress callbacks arrive on transfer threads and are coalesced to at
 * most one UI update per item per pulse.
 */
public final class TransferQueue {
    private final UiExecutor ui;
    private final ObservableList<TransferItem> items = FXCollections.observableArrayList();
    private final ReadOnlyDoubleWrapper overall = new ReadOnlyDoubleWrapper(this, "overall", 1);

    public TransferQueue(UiExecutor ui) {
        this.ui = ui;
    }

    /**
     * Starts a transfer. {@code start} receives a progress listener and returns the client's
     * transfer; {@code done} runs on the UI thread when it succeeds.
     */
    public <T> TransferItem start(String name, TransferItem.Direction direction,
                                  Function<dev.sandbench.client.files.TransferListener, Transfer<T>> start, Consumer<T> done) {
        TransferItem item = new TransferItem(name, direction);
        items.add(0, item);
        recompute();
        long[] latest = {0, -1};
        boolean[] scheduled = {false};
        dev.sandbench.client.files.TransferListener listener = (transferred, total) -> {
            boolean schedule;
            synchronized (latest) {
                latest[0] = transferred;
                latest[1] = total;
                schedule = !scheduled[0];
                scheduled[0] = true;
            }
            if (schedule) ui.onUi(() -> {
                long t;
                long tot;
                synchronized (latest) {
                    t = latest[0];
                    tot = latest[1];
                    scheduled[0] = false;
                }
                if (item.state() == TransferItem.State.RUNNING) item.update(t, tot);
                recompute();
            });
        };
        Transfer<T> transfer;
        try {
            transfer = start.apply(listener);
        } catch (RuntimeException e) {
            item.finish(TransferItem.State.FAILED, dev.sandbench.app.notify.Notifier.describe(e));
            recompute();
            return item;
        }
        item.attach(transfer);
        transfer.future().whenComplete((result, failure) -> ui.onUi(() -> {
            if (failure == null) {
                item.finish(TransferItem.State.DONE, null);
                done.accept(result);
            } else if (isCancel(failure)) {
                item.finish(TransferItem.State.CANCELLED, null);
            } else {
                item.finish(TransferItem.State.FAILED, dev.sandbench.app.notify.Notifier.describe(failure));
            }
            recompute();
        }));
        return item;
    }

    /** A file the user chose not to transfer (a name clash answered "skip"). */
    public void skipped(String name, String why) {
        TransferItem item = new TransferItem(name, TransferItem.Direction.UPLOAD);
        item.finish(TransferItem.State.SKIPPED, why);
        items.add(0, item);
    }

    private static boolean isCancel(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        return t instanceof CancellationException || (t.getMessage() != null && t.getMessage().contains("Canceled"));
    }

    private void recompute() {
        long done = 0;
        long total = 0;
        boolean any = false;
        for (TransferItem i : items) {
            if (i.state() != TransferItem.State.RUNNING || i.bytesTotal() <= 0) continue;
            any = true;
            done += i.bytesDone();
            total += i.bytesTotal();
        }
        overall.set(!any ? 1 : total == 0 ? 0 : done / (double) total);
    }

    /** Removes finished transfers from the list. */
    public void clearFinished() {
        items.removeIf(i -> i.state() != TransferItem.State.RUNNING);
    }

    public ObservableList<TransferItem> items() { return items; }

    /** Progress of the running transfers together (1 when none runs). */
    public ReadOnlyDoubleProperty overallProperty() { return overall.getReadOnlyProperty(); }
}
