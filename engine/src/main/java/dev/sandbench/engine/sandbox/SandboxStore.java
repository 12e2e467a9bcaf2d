package dev.sandbench.engine.sandbox;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.store.Database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Sandbox rows in the engine database, with the rows read by id cached: every exec and file
 * call looks its sandbox up. All writes go through this class, which keeps the cache exact
 * (methods are synchronized so a reload cannot race an update).
 */
final class SandboxStore {
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
    private static final String COLUMNS = "id, account_id, name, template, cpus, memory_mb, disk_gb, pids_limit, "
            + "network_mode, env_json, labels_json, init_script, timeout_seconds, budget, host_uid, status, "
            + "status_reason, created_at, started_at, expires_at, paused_at, destroyed_at, runtime_id, workspace_id, "
            + "resolved_template";

    private final Database db;
    private final Map<String, SandboxRecord> byId = new java.util.HashMap<>();
    private volatile java.util.function.BiConsumer<SandboxRecord, String> onChange = (r, kind) -> { };

    /** Called after every write with the record as stored and "created", "updated" or "destroyed". */
    void onChange(java.util.function.BiConsumer<SandboxRecord, String> listener) {
        this.onChange = listener;
    }

    private void changed(String id, String kind) {
        SandboxRecord r = get(id);
        if (r != null) onChange.accept(r, kind);
    }

    SandboxStore(Database db) {
        this.db = db;
    }

    synchronized void insert(SandboxRecord r) {
        db.update("INSERT INTO sandboxes(" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                r.id(), r.accountId(), r.name(), r.template(), r.cpus(), r.memoryMb(), r.diskGb(), r.pidsLimit(),
                r.networkMode(), Json.write(r.env()), Json.write(r.labels()), r.initScript(), r.timeoutSeconds(),
                r.budget(), r.hostUid(), r.status(), r.statusReason(), r.createdAt(), r.startedAt(), r.expiresAt(),
                r.pausedAt(), r.destroyedAt(), r.runtimeId(), r.workspaceId(), r.resolvedTemplate());
        byId.put(r.id(), r);
        onChange.accept(r, "created");
    }

    synchronized SandboxRecord get(String id) {
        SandboxRecord r = byId.get(id);
        if (r == null) {
            r = db.queryOne("SELECT " + COLUMNS + " FROM sandboxes WHERE id = ?", SandboxStore::map, id);
            if (r != null) byId.put(id, r);
        }
        return r;
    }

    List<SandboxRecord> listLive(String accountId) {
        return db.query("SELECT " + COLUMNS + " FROM sandboxes WHERE account_id = ? AND status != 'destroyed' "
                + "ORDER BY created_at", SandboxStore::map, accountId);
    }

    List<SandboxRecord> listByStatus(String... statuses) {
        String in = String.join(",", java.util.Collections.nCopies(statuses.length, "?"));
        return db.query("SELECT " + COLUMNS + " FROM sandboxes WHERE status IN (" + in + ")", SandboxStore::map,
                (Object[]) statuses);
    }

    synchronized void setStatus(String id, String status, String reason) {
        byId.remove(id);
        db.update("UPDATE sandboxes SET status = ?, status_reason = ? WHERE id = ?", status, reason, id);
        changed(id, "updated");
    }

    synchronized void setRunning(String id, String startedAt, String expiresAt) {
        byId.remove(id);
        db.update("UPDATE sandboxes SET status = 'running', status_reason = NULL, started_at = ?, expires_at = ?, "
                + "paused_at = NULL WHERE id = ?", startedAt, expiresAt, id);
        changed(id, "updated");
    }

    synchronized void setPaused(String id, String pausedAt) {
        byId.remove(id);
        db.update("UPDATE sandboxes SET status = 'paused', paused_at = ? WHERE id = ?", pausedAt, id);
        changed(id, "updated");
    }

    synchronized void setResumed(String id, String expiresAt) {
        byId.remove(id);
        db.update("UPDATE sandboxes SET status = 'running', paused_at = NULL, expires_at = ? WHERE id = ?", expiresAt, id);
        changed(id, "updated");
    }

    synchronized void setDestroyed(String id, String at) {
        byId.remove(id);
        db.update("UPDATE sandboxes SET status = 'destroyed', destroyed_at = ?, expires_at = NULL WHERE id = ?", at, id);
        changed(id, "destroyed");
    }

    /** Every directory name a sandbox record still owns (ids and runtime ids of undestroyed sandboxes). */
    synchronized java.util.Set<String> liveRuntimeNames() {
        java.util.Set<String> names = new java.util.HashSet<>();
        db.query("SELECT id, runtime_id FROM sandboxes WHERE status != 'destroyed'", rs -> {
            names.add(rs.getString(1));
            if (rs.getString(2) != null) names.add(rs.getString(2));
            return null;
        });
        return names;
    }

    /** Whether a live sandbox of the account mounts the named workspace. */
    synchronized boolean workspaceInUse(String accountId, String workspaceId) {
        return db.queryOne("SELECT id FROM sandboxes WHERE account_id = ? AND workspace_id = ? AND status != 'destroyed'",
                rs -> rs.getString(1), accountId, workspaceId) != null;
    }

    int maxHostUid() {
        Integer v = db.queryOne("SELECT MAX(host_uid) FROM sandboxes", rs -> rs.getObject(1) == null ? null : rs.getInt(1));
        return v == null ? 0 : v;
    }

    boolean hostUidInUse(int uid) {
        return db.queryOne("SELECT id FROM sandboxes WHERE host_uid = ? AND status != 'destroyed' "
                + "UNION SELECT id FROM workspaces WHERE host_uid = ?", rs -> rs.getString(1), uid, uid) != null;
    }

    /** A named workspace: its host uid, or null when it does not exist yet. */
    synchronized Integer workspaceUid(String accountId, String workspaceId) {
        return db.queryOne("SELECT host_uid FROM workspaces WHERE account_id = ? AND id = ?", rs -> rs.getInt(1),
                accountId, workspaceId);
    }

    synchronized void insertWorkspace(String accountId, String workspaceId, int hostUid, String createdAt) {
        db.update("INSERT INTO workspaces(account_id, id, host_uid, created_at) VALUES (?,?,?,?)", accountId, workspaceId,
                hostUid, createdAt);
    }

    /** The account's named workspaces as (id, created_at) pairs. */
    synchronized java.util.List<String[]> workspaces(String accountId) {
        return db.query("SELECT id, created_at FROM workspaces WHERE account_id = ? ORDER BY created_at",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, accountId);
    }

    synchronized void deleteWorkspace(String accountId, String workspaceId) {
        db.update("DELETE FROM workspaces WHERE account_id = ? AND id = ?", accountId, workspaceId);
    }

    long countLive(String accountId) {
        return db.queryOne("SELECT COUNT(*) FROM sandboxes WHERE account_id = ? AND status != 'destroyed'",
                rs -> rs.getLong(1), accountId);
    }

    private static SandboxRecord map(ResultSet rs) throws SQLException {
        Long timeout = rs.getObject("timeout_seconds") == null ? null : rs.getLong("timeout_seconds");
        Double budget = rs.getObject("budget") == null ? null : rs.getDouble("budget");
        return new SandboxRecord(rs.getString("id"), rs.getString("account_id"), rs.getString("name"),
                rs.getString("template"), rs.getDouble("cpus"), rs.getInt("memory_mb"), rs.getDouble("disk_gb"),
                rs.getInt("pids_limit"), rs.getString("network_mode"), readMap(rs.getString("env_json")),
                readMap(rs.getString("labels_json")), rs.getString("init_script"), timeout, budget,
                rs.getInt("host_uid"), rs.getString("status"), rs.getString("status_reason"),
                rs.getString("created_at"), rs.getString("started_at"), rs.getString("expires_at"),
                rs.getString("paused_at"), rs.getString("destroyed_at"), rs.getString("runtime_id"),
                rs.getString("workspace_id"), rs.getString("resolved_template"));
    }

    private static Map<String, String> readMap(String json) {
        try {
            return Json.MAPPER.readValue(json, MAP);
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }
}
