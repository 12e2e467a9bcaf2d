package dev.sandbench.engine.sandbox;

import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.store.BatchWriter;
import dev.sandbench.engine.store.Database;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A sandbox's engine-side log: lifecycle changes, commands run, limits hit. Capped per sandbox.
 * Entries are written by one background thread in batches, so logging never adds a database
 * write to the operation it describes; reads wait for what is queued.
 */
public final class SandboxLogs implements AutoCloseable {
    public static final int KEEP_PER_SANDBOX = 5000;

    /** The contract's LogEntry (exact fields). */
    public record LogEntry(String timestamp, String type, String message) {}

    /** A queued write: an entry to add, or (message null) a sandbox whose entries go. */
    private record Op(String sandboxId, String timestamp, String type, String message) {}

    private final Database db;
    private final BatchWriter<Op> writer;
    private long writes;

    public SandboxLogs(Database db) {
        this.db = db;
        this.writer = new BatchWriter<>("sandbox-log-writer", 100_000, this::write);
    }

    public void append(String sandboxId, String type, String message) {
        writer.offer(new Op(sandboxId, Ids.now(), type, message));
    }

    public void delete(String sandboxId) {
        writer.offer(new Op(sandboxId, null, null, null));
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
        writer.flush();
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
        writer.close();
    }
}
