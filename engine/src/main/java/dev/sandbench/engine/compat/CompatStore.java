package dev.sandbench.engine.compat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.store.Database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compatible APIs' own state in the engine's database: what a user of an API holds (a CAGE
 * user's implicit sandbox, a Sandkasten session) and async jobs. Every API keys its rows by
 * itself, so the four share two tables without knowing of each other.
 */
public final class CompatStore {
    /**
     * One API-level session bound to an engine sandbox. {@code state} is the API's own small
     * record (a Sandkasten session's image and cwd, say); {@code endedAt} is set once it ended.
     */
    public record Session(CompatApi api, String id, String accountId, String userId, String sandboxId,
                          Map<String, Object> state, String createdAt, String updatedAt, String endedAt) {
        public boolean open() {
            return endedAt == null;
        }

        public String text(String key) {
            Object v = state.get(key);
            return v == null ? null : v.toString();
        }
    }

    /** An async job of an API, run by the engine's job service ({@code engineJobId}); {@code result} is the API's JSON. */
    public record Job(CompatApi api, String id, String accountId, String userId, String sandboxId, String engineJobId,
                      String status, JsonNode result, String error, String queuedAt, String startedAt,
                      String completedAt) {}

    private static final String SESSION_COLUMNS =
            "api, id, account_id, user_id, sandbox_id, state_json, created_at, updated_at, ended_at";
    private static final String JOB_COLUMNS = "api, id, account_id, user_id, sandbox_id, engine_job_id, status, "
            + "result_json, error, queued_at, started_at, completed_at";

    private final Database db;

    public CompatStore(Database db) {
        this.db = db;
    }

    public Session insert(CompatApi api, String id, CompatIdentity who, String sandboxId, Map<String, Object> state) {
        String now = Ids.now();
        db.update("INSERT INTO compat_sessions(" + SESSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                api.id(), id, who.accountId(), who.user(), sandboxId, Json.write(state), now, now);
        return get(api, id);
    }

    public Session get(CompatApi api, String id) {
        return db.queryOne("SELECT " + SESSION_COLUMNS + " FROM compat_sessions WHERE api = ? AND id = ?",
                CompatStore::session, api.id(), id);
    }

    /** The user's newest session of this API, open or ended, or null. */
    public Session latest(CompatApi api, String accountId, String userId) {
        return db.queryOne("SELECT " + SESSION_COLUMNS + " FROM compat_sessions WHERE api = ? AND account_id = ? "
                + "AND user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1", CompatStore::session,
                api.id(), accountId, userId);
    }

    /** The account's open sessions of this API, oldest first. */
    public List<Session> open(CompatApi api, String accountId) {
        return db.query("SELECT " + SESSION_COLUMNS + " FROM compat_sessions WHERE api = ? AND account_id = ? "
                + "AND ended_at IS NULL ORDER BY created_at, rowid", CompatStore::session, api.id(), accountId);
    }

    /** Open sessions of every API and account (for health figures). */
    public int countOpen() {
        Integer n = db.queryOne("SELECT COUNT(*) FROM compat_sessions WHERE ended_at IS NULL", rs -> rs.getInt(1));
        return n == null ? 0 : n;
    }

    /** Merges {@code changes} into the session's state and notes the activity. */
    public void update(Session s, Map<String, Object> changes) {
        Map<String, Object> state = new LinkedHashMap<>(s.state());
        state.putAll(changes);
        db.update("UPDATE compat_sessions SET state_json = ?, updated_at = ? WHERE api = ? AND id = ?",
                Json.write(state), Ids.now(), s.api().id(), s.id());
    }

    public void touch(Session s) {
        db.update("UPDATE compat_sessions SET updated_at = ? WHERE api = ? AND id = ?", Ids.now(), s.api().id(), s.id());
    }

    /** Points the session at another sandbox (its earlier one was destroyed). */
    public void rebind(Session s, String sandboxId) {
        db.update("UPDATE compat_sessions SET sandbox_id = ?, updated_at = ? WHERE api = ? AND id = ?",
                sandboxId, Ids.now(), s.api().id(), s.id());
    }

    public void end(Session s) {
        String now = Ids.now();
        db.update("UPDATE compat_sessions SET ended_at = ?, updated_at = ? WHERE api = ? AND id = ? AND ended_at IS NULL",
                now, now, s.api().id(), s.id());
    }

    public void insertJob(CompatApi api, String id, CompatIdentity who, String sandboxId, String engineJobId) {
        db.update("INSERT INTO compat_jobs(" + JOB_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, 'queued', NULL, NULL, ?, NULL, NULL)",
                api.id(), id, who.accountId(), who.user(), sandboxId, engineJobId, Ids.now());
    }

    public Job job(CompatApi api, String id) {
        return db.queryOne("SELECT " + JOB_COLUMNS + " FROM compat_jobs WHERE api = ? AND id = ?", CompatStore::job,
                api.id(), id);
    }

    public Job jobByEngineId(String engineJobId) {
        return db.queryOne("SELECT " + JOB_COLUMNS + " FROM compat_jobs WHERE engine_job_id = ?", CompatStore::job,
                engineJobId);
    }

    public void updateJob(Job j, String status, Object result, String error, String startedAt, String completedAt) {
        db.update("UPDATE compat_jobs SET status = ?, result_json = ?, error = ?, started_at = ?, completed_at = ? "
                        + "WHERE api = ? AND id = ?", status, result == null ? null : Json.write(result), error,
                startedAt, completedAt, j.api().id(), j.id());
    }

    /**
     * Jobs that were queued or running when the engine stopped: their processes died with it, so
     * they failed. Returns how many.
     */
    public int failUnfinishedJobs(String why) {
        return db.update("UPDATE compat_jobs SET status = 'failed', error = ?, completed_at = ? "
                + "WHERE status IN ('queued', 'running')", why, Ids.now());
    }

    /**
     * Forgets ended sessions and finished jobs older than {@code before} (an RFC 3339 time), but
     * never a user's newest session: a CAGE user's next session finds its kept files through it.
     * Returns how many rows went.
     */
    public int forgetBefore(String before) {
        return db.update("DELETE FROM compat_sessions WHERE ended_at IS NOT NULL AND ended_at < ? AND rowid NOT IN "
                        + "(SELECT MAX(rowid) FROM compat_sessions GROUP BY api, account_id, user_id)", before)
                + db.update("DELETE FROM compat_jobs WHERE completed_at IS NOT NULL AND completed_at < ?", before);
    }

    private static Session session(ResultSet rs) throws SQLException {
        return new Session(api(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Json.MAPPER.convertValue(Json.tree(rs.getString(6)), new TypeReference<Map<String, Object>>() {}),
                rs.getString(7), rs.getString(8), rs.getString(9));
    }

    private static Job job(ResultSet rs) throws SQLException {
        String result = rs.getString(8);
        return new Job(api(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), result == null ? null : Json.tree(result), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12));
    }

    private static CompatApi api(String id) {
        for (CompatApi a : CompatApi.values()) {
            if (a.id().equals(id)) return a;
        }
        throw new IllegalStateException("unknown compatible API '" + id + "' in the database");
    }
}
