package dev.sandbench.engine.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes items on one background thread in batches (up to 1000 at a time), so the operations
 * that produce them never wait for the database. {@link #flush()} waits until everything offered
 * so far is written, for readers that must see it.
 */
public final class BatchWriter<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final LinkedBlockingQueue<T> queue;
    private final Consumer<List<T>> write;
    private final AtomicLong pending = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    public BatchWriter(String name, int capacity, Consumer<List<T>> write) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.write = write;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an item; false when the writer is that far behind (the item is dropped). */
    public boolean offer(T item) {
        pending.incrementAndGet();
        if (queue.offer(item)) return true;
        pending.decrementAndGet();
        return false;
    }

    public int backlog() {
        return queue.size();
    }

    /** Waits (at most two seconds) until everything offered so far is written. */
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        synchronized (pending) {
            while (pending.get() > 0 && System.nanoTime() < deadline) {
                try {
                    pending.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void loop() {
        List<T> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, 999);
                write.accept(batch);
            } catch (InterruptedException e) {
                if (closed) break;
            } catch (RuntimeException e) {
                LOG.warn("{}: could not write {} items", thread.getName(), batch.size(), e);
            } finally {
                pending.addAndGet(-batch.size());
                batch.clear();
                synchronized (pending) {
                    pending.notifyAll();
                }
            }
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        flush();
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
