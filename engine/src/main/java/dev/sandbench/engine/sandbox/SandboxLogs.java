package dev.sandbench.engine.sandbox;

import dev.sandbench.engine.Ids;
import dev.sandbench.engine.store.Database;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A sandbox's engine-side log: lifecycle changes, commands run, limits hit. Capped per sandbox. */
public final class SandboxLogs {
    public static final int KEEP_PER_SANDBOX = 5000;

    /** The contract's LogEntry (exact fields). */
    public record LogEntry(String timestamp, String type, String message) {}

    private final Database db;
    private final AtomicLong writes = new AtomicLong();

    public SandboxLogs(Database db) {
        this.db = db;
    }

    public void append(String sandboxId, String type, String message) {
        db.update("INSERT INTO sandbox_logs(sandbox_id, timestamp, type, message) VALUES (?,?,?,?)",
                sandboxId, Ids.now(), type, message);
        if (writes.incrementAndGet() % 500 == 0) {
            db.update("DELETE FROM sandbox_logs WHERE sandbox_id = ? AND seq <= "
                    + "(SELECT seq FROM sandbox_logs WHERE sandbox_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)",
                    sandboxId, sandboxId, KEEP_PER_SANDBOX);
        }
    }

    public List<LogEntry> tail(String sandboxId, int n) {
        List<LogEntry> rows = new ArrayList<>(db.query(
                "SELECT timestamp, type, message FROM sandbox_logs WHERE sandbox_id = ? ORDER BY seq DESC LIMIT ?",
                rs -> new LogEntry(rs.getString(1), rs.getString(2), rs.getString(3)), sandboxId, n));
        Collections.reverse(rows);
        return rows;
    }

    public void delete(String sandboxId) {
        db.update("DELETE FROM sandbox_logs WHERE sandbox_id = ?", sandboxId);
    }
}
