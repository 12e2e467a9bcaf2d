package dev.sandbench.engine.terminal;

import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A terminal's output between the thread that reads the PTY and the thread that sends frames.
 * The sender takes everything gathered so far, so a lone keystroke's echo leaves at once. While
 * output floods in, the sender may ask to wait (briefly) for more, so that it leaves in large
 * frames rather than one per PTY read (at most 4 KiB). Bounded: while it is full the reader
 * waits, the PTY fills and the shell pauses (backpressure).
 */
final class OutputBuffer {
    /** What the sender took: {@code data[0, length)}. Valid until the next {@link #take}. */
    record Chunk(byte[] data, int length) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition filled = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final int capacity;
    // Both grow from small to the capacity only when output comes that fast.
    private byte[] filling = new byte[4096];
    private byte[] spare = new byte[4096];
    private int count;
    /** The count at which the waiting sender wants to wake. */
    private int wanted = 1;
    private boolean ended;
    private boolean cancelled;

    OutputBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Waits until there is room; the room in bytes, or 0 once cancelled. */
    int awaitRoom() throws InterruptedException {
        lock.lock();
        try {
            while (!cancelled && count == capacity) drained.await();
            return cancelled ? 0 : capacity - count;
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code len} bytes, at most the room {@link #awaitRoom} gave. */
    void append(byte[] b, int off, int len) {
        lock.lock();
        try {
            if (cancelled) return;
            if (count + len > filling.length) {
                filling = Arrays.copyOf(filling, Math.min(capacity, Math.max(count + len, filling.length * 2)));
            }
            System.arraycopy(b, off, filling, count, len);
            boolean wake = count < wanted && count + len >= wanted;
            count += len;
            if (wake) filled.signal();
        } finally {
            lock.unlock();
        }
    }

    /** No more output will come. */
    void end() {
        lock.lock();
        try {
            ended = true;
            filled.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The sender is gone: stop the reader. */
    void cancel() {
        lock.lock();
        try {
            cancelled = true;
            filled.signal();
            drained.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for output, then (with {@code atLeast} above what is there) up to {@code maxWaitNanos}
     * more for that much; everything gathered, or null at the end once all was taken.
     */
    Chunk take(int atLeast, long maxWaitNanos) throws InterruptedException {
        lock.lock();
        try {
            while (count == 0 && !ended && !cancelled) filled.await();
            if (count < atLeast && maxWaitNanos > 0) {
                wanted = Math.min(atLeast, capacity);
                long left = maxWaitNanos;
                while (count < wanted && !ended && !cancelled && left > 0) left = filled.awaitNanos(left);
                wanted = 1;
            }
            if (count == 0 || cancelled) return null;
            byte[] full = filling;
            int n = count;
            filling = spare;
            spare = full;
            count = 0;
            drained.signal();
            return new Chunk(full, n);
        } finally {
            lock.unlock();
        }
    }

    Chunk take() throws InterruptedException {
        return take(0, 0);
    }
}
