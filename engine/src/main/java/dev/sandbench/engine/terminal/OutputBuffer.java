package dev.sandbench.engine.terminal;

/**
 * A terminal's output between the thread that reads the PTY and the thread that sends frames.
 * The sender takes everything gathered while it was sending the previous frame, so output that
 * comes fast leaves in few large frames while a lone keystroke's echo leaves at once. Bounded:
 * while it is full the reader waits, the PTY fills and the shell pauses (backpressure).
 */
final class OutputBuffer {
    /** What the sender took: {@code data[0, length)}. Valid until the next {@link #take}. */
    record Chunk(byte[] data, int length) {}

    private final int capacity;
    // Both grow from small to the capacity only when output comes that fast.
    private byte[] filling = new byte[4096];
    private byte[] spare = new byte[4096];
    private int count;
    private boolean ended;
    private boolean cancelled;

    OutputBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Waits until there is room; the room in bytes, or 0 once cancelled. */
    synchronized int awaitRoom() throws InterruptedException {
        while (!cancelled && count == capacity) wait();
        return cancelled ? 0 : capacity - count;
    }

    /** Adds {@code len} bytes, at most the room {@link #awaitRoom} gave. */
    synchronized void append(byte[] b, int off, int len) {
        if (cancelled) return;
        if (count + len > filling.length) {
            filling = java.util.Arrays.copyOf(filling, Math.min(capacity, Math.max(count + len, filling.length * 2)));
        }
        System.arraycopy(b, off, filling, count, len);
        if (count == 0) notifyAll();
        count += len;
    }

    /** No more output will come. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The sender is gone: stop the reader. */
    synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    /** Waits for output; everything gathered, or null at the end once all was taken. */
    synchronized Chunk take() throws InterruptedException {
        while (count == 0 && !ended && !cancelled) wait();
        if (count == 0 || cancelled) return null;
        byte[] full = filling;
        int n = count;
        filling = spare;
        spare = full;
        count = 0;
        notifyAll();
        return new Chunk(full, n);
    }
}
