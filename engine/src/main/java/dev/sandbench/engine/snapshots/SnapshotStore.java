package dev.sandbench.engine.snapshots;

import dev.sandbench.engine.store.Database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Snapshot rows. */
final class SnapshotStore {
    private static final String COLUMNS = "id, sandbox_id, account_id, name, description, trigger, status, format, "
            + "size_bytes, checksum, created_at, completed_at, error";
    private final Database db;

    SnapshotStore(Database db) {
        this.db = db;
    }

    void insert(Snapshot s) {
        db.update("INSERT INTO snapshots(" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", s.id(), s.sandboxId(),
                s.accountId(), s.name(), s.description(), s.trigger(), s.status(), s.format(), s.sizeBytes(), s.checksum(),
                s.createdAt(), s.completedAt(), s.error());
    }

    void complete(String id, long size, String checksum, String at) {
        db.update("UPDATE snapshots SET status = 'completed', size_bytes = ?, checksum = ?, completed_at = ? WHERE id = ?",
                size, checksum, at, id);
    }

    void fail(String id, String error) {
        db.update("UPDATE snapshots SET status = 'failed', error = ? WHERE id = ?", error, id);
    }

    Snapshot get(String id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM snapshots WHERE id = ?", SnapshotStore::map, id);
    }

    List<Snapshot> bySandbox(String sandboxId) {
        return db.query("SELECT " + COLUMNS + " FROM snapshots WHERE sandbox_id = ? ORDER BY created_at", SnapshotStore::map,
                sandboxId);
    }

    List<Snapshot> pending() {
        return db.query("SELECT " + COLUMNS + " FROM snapshots WHERE status = 'pending'", SnapshotStore::map);
    }

    void delete(String id) {
        db.update("DELETE FROM snapshots WHERE id = ?", id);
    }

    private static Snapshot map(ResultSet rs) throws SQLException {
        Long size = rs.getObject("size_bytes") == null ? null : rs.getLong("size_bytes");
        return new Snapshot(rs.getString("id"), rs.getString("sandbox_id"), rs.getString("account_id"), rs.getString("name"),
                rs.getString("trigger"), rs.getString("status"), rs.getString("created_at"), rs.getString("description"),
                size, rs.getString("completed_at"), rs.getString("checksum"), rs.getString("format"), rs.getString("error"));
    }
}
