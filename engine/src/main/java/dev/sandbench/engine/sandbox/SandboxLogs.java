package dev.sandbench.engine.sandbox;

import dev.sandbench.engine.Ids;
import dev.sandbench.engine.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sandbox's engine-side log: lifecycle changes, commands run, limits hit. Capped per sandbox.
 * Entries are written by one background thread in batches, so logging never adds a database
 * write to the operation it describes; reads wait for what is queued.
 */
public final class SandboxLogs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxLogs.class);
    public static final int KEEP_PER_SANDBOX = 5000;

    /** The contract's LogEntry (exact fields). */
    public record LogEntry(String timestamp, String type, String message) {}

    /** A queued write: an entry to add, or (message null) a sandbox whose entries go. */
    private record Op(String sandboxId, String timestamp, String type, String message) {}

    private final Database db;
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final Thread writer;
    private long writes;
    private volatile boolean closed;

    public SandboxLogs(Database db) {
        this.db = db;
        this.writer = new Thread(this::writeLoop, "sandbox-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    public void append(String sandboxId, String type, String message) {
        enqueue(new Op(sandboxId, Ids.now(), type, message));
    }

    public void delete(String sandboxId) {
        enqueue(new Op(sandboxId, null, null, null));
    }

    private void enqueue(Op op) {
        pending.incrementAndGet();
        queue.add(op);
    }

    public List<LogEntry> tail(String sandboxId, int n) {
        flush();
        List<LogEntry> rows = new ArrayList<>(db.query(
                "SELECT timestamp, type, message FROM sandbox_logs WHERE sandbox_id = ? ORDER BY seq DESC LIMIT ?",
                rs -> new LogEntry(rs.getString(1), rs.getString(2), rs.getString(3)), sandboxId, n));
        Collections.reverse(rows);
        return rows;
    }

    /** Waits (briefly) until everything appended so far is in the database. */
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

    private void writeLoop() {
        List<Op> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Op first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, 999);
                write(batch);
            } catch (InterruptedException e) {
                if (closed) break;
            } catch (RuntimeException e) {
                LOG.warn("could not write {} sandbox log entries", batch.size(), e);
            } finally {
                pending.addAndGet(-batch.size());
                batch.clear();
                synchronized (pending) {
                    pending.notifyAll();
                }
            }
        }
    }

    private void write(List<Op> batch) {
        db.transaction(() -> {
            for (Op op : batch) {
                if (op.message() == null) {
                    db.update("DELETE FROM sandbox_logs WHERE sandbox_id = ?", op.sandboxId());
                    continue;
                }
                db.update("INSERT INTO sandbox_logs(sandbox_id, timestamp, type, message) VALUES (?,?,?,?)",
                        op.sandboxId(), op.timestamp(), op.type(), op.message());
                if (++writes % 500 == 0) {
                    db.update("DELETE FROM sandbox_logs WHERE sandbox_id = ? AND seq <= "
                                    + "(SELECT seq FROM sandbox_logs WHERE sandbox_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)",
                            op.sandboxId(), op.sandboxId(), KEEP_PER_SANDBOX);
                }
            }
        });
    }

    /** Writes what is queued and stops the writer. */
    @Override
    public void close() {
        flush();
        closed = true;
        writer.interrupt();
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
