package dev.sandbench.app.files;

import dev.sandbench.client.files.Transfer;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One upload or download in the transfer queue: progress, speed, state, and a way to cancel it. */
public final class TransferItem {
    public enum Direction { UPLOAD, DOWNLOAD }

    public enum State { RUNNING, DONE, FAILED, CANCELLED, SKIPPED }

    private final String name;
    private final Direction direction;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "starting…");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.RUNNING);
    private final long startNanos = System.nanoTime();
    private volatile Transfer<?> transfer;
    private long done;
    private long total = -1;

    TransferItem(String name, Direction direction) {
        this.name = name;
        this.direction = direction;
    }

    void attach(Transfer<?> t) {
        this.transfer = t;
        if (state.get() == State.CANCELLED) t.cancel();
    }

    /** Called on the UI thread with the latest byte counts. */
    void update(long transferred, long expected) {
        done = transferred;
        total = expected;
        if (expected > 0) progress.set(Math.min(1, transferred / (double) expected));
        double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
        detail.set(Bytes.human(transferred) + (expected > 0 ? " of " + Bytes.human(expected) : "") + " · "
                + Bytes.human((long) (transferred / seconds)) + "/s");
    }

    void finish(State end, String why) {
        if (state.get() != State.RUNNING) return;
        state.set(end);
        if (end == State.DONE) progress.set(1);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        detail.set(switch (end) {
            case DONE -> Bytes.human(Math.max(done, total)) + " in " + String.format(java.util.Locale.ROOT, "%.1f s", seconds);
            case CANCELLED -> "cancelled";
            case SKIPPED -> why == null ? "skipped" : why;
            case FAILED -> "failed: " + why;
            case RUNNING -> detail.get();
        });
    }

    /** Stops it; an upload cancelled midway leaves no partial file in the sandbox. */
    public void cancel() {
        if (state.get() != State.RUNNING) return;
        Transfer<?> t = transfer;
        if (t != null) t.cancel();
        finish(State.CANCELLED, null);
    }

    public String name() { return name; }
    public Direction direction() { return direction; }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty detailProperty() { return detail.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    public State state() { return state.get(); }
    long bytesDone() { return done; }
    long bytesTotal() { return total; }
}
