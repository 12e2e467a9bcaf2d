package dev.sandbench.engine.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.store.Database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.sandbench.engine.trust.RiskRules;
import dev.sandbench.engine.trust.TrustScore;

/** Agent sessions and their events in the engine database. */
final class SessionStore {
    private static final String COLUMNS = "id, sandbox_id, account_id, status, agent_type, model, started_at, ended_at, "
            + "last_event_at, tokens_in, tokens_out, cost_usd, event_count, trust_json, trust_updated_at, bytes";
    private final Database db;

    SessionStore(Database db) {
        this.db = db;
    }

    /**
     * The session the engine records a sandbox's own activity (commands, file changes, terminals)
     * into: the newest active agent session of the sandbox, so an agent's replay shows what it did
     * beside its LLM and tool calls; otherwise the sandbox's implicit session, created when it has none.
     */
    String implicitSession(String accountId, String sandboxId, String now) {
        String agent = db.queryOne("SELECT id FROM agent_sessions WHERE sandbox_id = ? AND implicit = 0 AND status = 'active' "
                + "ORDER BY started_at DESC LIMIT 1", rs -> rs.getString(1), sandboxId);
        if (agent != null) return agent;
        String id = db.queryOne("SELECT id FROM agent_sessions WHERE sandbox_id = ? AND implicit = 1 AND status = 'active' "
                + "ORDER BY started_at DESC LIMIT 1", rs -> rs.getString(1), sandboxId);
        if (id != null) return id;
        id = dev.sandbench.engine.core.Ids.newId("sess");
        db.update("INSERT INTO agent_sessions(id, sandbox_id, account_id, implicit, status, started_at) VALUES (?,?,?,1,'active',?)",
                id, sandboxId, accountId, now);
        return id;
    }

    /** An agent's own session: created on first sight, owned by the first account that names it. */
    boolean ensureSession(String id, String accountId, String sandboxId, String agentType, String model, String now) {
        String owner = db.queryOne("SELECT account_id FROM agent_sessions WHERE id = ?", rs -> rs.getString(1), id);
        if (owner == null) {
            db.update("INSERT INTO agent_sessions(id, sandbox_id, account_id, implicit, status, agent_type, model, started_at) "
                    + "VALUES (?,?,?,0,'active',?,?,?)", id, sandboxId, accountId, agentType, model, now);
            return true;
        }
        if (!owner.equals(accountId)) return false;
        if (agentType != null || model != null) {
            db.update("UPDATE agent_sessions SET agent_type = COALESCE(agent_type, ?), model = COALESCE(model, ?) WHERE id = ?",
                    agentType, model, id);
        }
        return true;
    }

    /** Inserts an event unless its id is stored already; returns whether it was new. */
    boolean insert(String accountId, String sessionId, String sandboxId, String id, String type, String timestamp,
                   JsonNode data, long tokensIn, long tokensOut, double cost) {
        return insert(accountId, sessionId, sandboxId, id, type, timestamp, Json.write(data), tokensIn, tokensOut, cost);
    }

    /** {@link #insert(String, String, String, String, String, String, JsonNode, long, long, double)} of data that is JSON already. */
    boolean insert(String accountId, String sessionId, String sandboxId, String id, String type, String timestamp,
                   String json, long tokensIn, long tokensOut, double cost) {
        int n = db.update("INSERT OR IGNORE INTO replay_events(id, account_id, session_id, sandbox_id, type, timestamp, data_json) "
                + "VALUES (?,?,?,?,?,?,?)", id, accountId, sessionId, sandboxId, type, timestamp, json);
        if (n == 0) return false;
        db.update("UPDATE agent_sessions SET event_count = event_count + 1, tokens_in = tokens_in + ?, "
                + "tokens_out = tokens_out + ?, cost_usd = cost_usd + ?, last_event_at = MAX(COALESCE(last_event_at, ''), ?), "
                + "bytes = bytes + ? WHERE id = ?", tokensIn, tokensOut, cost, timestamp, json.length(), sessionId);
        return true;
    }

    /** Adds flagged events' weights to the session's per-factor sums (the score is computed from them on read). */
    void addTrust(String sessionId, List<RiskRules.Flag> flags, String at) {
        Map<String, Double> raw = rawTrust(trustJson(sessionId));
        for (RiskRules.Flag f : flags) raw.merge(f.factor(), f.weight(), Double::sum);
        db.update("UPDATE agent_sessions SET trust_json = ?, trust_updated_at = ? WHERE id = ?", Json.write(raw), at,
                sessionId);
    }

    static Map<String, Double> rawTrust(String json) {
        Map<String, Double> raw = new LinkedHashMap<>();
        if (json == null) return raw;
        Json.tree(json).fields().forEachRemaining(e -> raw.put(e.getKey(), e.getValue().asDouble()));
        return raw;
    }

    String trustJson(String sessionId) {
        return db.queryOne("SELECT trust_json FROM agent_sessions WHERE id = ?", rs -> rs.getString(1), sessionId);
    }

    /** The sandbox's sessions' trust: score, what each factor costs, when it last changed. */
    List<TrustScore> trust(String sandboxId) {
        return db.query("SELECT id, sandbox_id, trust_json, COALESCE(trust_updated_at, started_at) FROM agent_sessions "
                + "WHERE sandbox_id = ? ORDER BY started_at", rs -> {
                    Map<String, Double> raw = rawTrust(rs.getString(3));
                    return new TrustScore(rs.getString(1), rs.getString(2), RiskRules.score(raw), RiskRules.factors(raw),
                            rs.getString(4));
                }, sandboxId);
    }

    /** Bytes of recorded data in all sessions (what the size limit counts). */
    long totalBytes() {
        Long n = db.queryOne("SELECT COALESCE(SUM(bytes), 0) FROM agent_sessions", rs -> rs.getLong(1));
        return n == null ? 0 : n;
    }

    /** Ended sessions, oldest first, with their bytes; {@code before} (may be null) keeps only those that ended earlier. */
    List<Map.Entry<String, Long>> ended(String before, int limit) {
        String ended = "COALESCE(ended_at, last_event_at, started_at)";
        return db.query("SELECT id, bytes FROM agent_sessions WHERE status <> 'active'"
                        + (before == null ? " AND ? IS NULL" : " AND " + ended + " < ?") + " ORDER BY " + ended + ", id LIMIT ?",
                rs -> Map.entry(rs.getString(1), rs.getLong(2)), before, limit);
    }

    /** Deletes an ended session and its events; an active one is left alone. */
    boolean deleteEnded(String sessionId) {
        boolean[] done = {false};
        db.transaction(() -> {
            if (db.update("DELETE FROM agent_sessions WHERE id = ? AND status <> 'active'", sessionId) == 1) {
                db.update("DELETE FROM replay_events WHERE session_id = ?", sessionId);
                done[0] = true;
            }
        });
        return done[0];
    }

    /** Ends one active session (an agent's {@code session_end} event). */
    void endSession(String id, String status, String at) {
        db.update("UPDATE agent_sessions SET status = ?, ended_at = ? WHERE id = ? AND status = 'active'", status, at, id);
    }

    void endSessions(String sandboxId, String status, String at) {
        db.update("UPDATE agent_sessions SET status = ?, ended_at = ? WHERE sandbox_id = ? AND status = 'active'",
                status, at, sandboxId);
    }

    AgentSession get(String id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM agent_sessions WHERE id = ?", SessionStore::map, id);
    }

    String owner(String id) {
        return db.queryOne("SELECT account_id FROM agent_sessions WHERE id = ?", rs -> rs.getString(1), id);
    }

    List<AgentSession> bySandbox(String sandboxId) {
        return db.query("SELECT " + COLUMNS + " FROM agent_sessions WHERE sandbox_id = ? ORDER BY started_at",
                SessionStore::map, sandboxId);
    }

    List<ReplayEvent> events(String sessionId) {
        return db.query("SELECT id, session_id, type, timestamp, data_json FROM replay_events WHERE session_id = ? "
                + "ORDER BY timestamp, seq", rs -> new ReplayEvent(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), Json.tree(rs.getString(5))), sessionId);
    }

    /** As {@link #events}, with each event's data as the stored JSON text (written out as is, never parsed). */
    List<ReplayEvent.Raw> rawEvents(String sessionId) {
        return db.query("SELECT id, session_id, type, timestamp, data_json FROM replay_events WHERE session_id = ? "
                + "ORDER BY timestamp, seq", rs -> new ReplayEvent.Raw(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5)), sessionId);
    }

    private static AgentSession map(ResultSet rs) throws SQLException {
        String started = rs.getString("started_at");
        String end = rs.getString("ended_at") != null ? rs.getString("ended_at") : rs.getString("last_event_at");
        Long duration = end == null ? null
                : Math.max(0, Duration.between(Instant.parse(started), Instant.parse(end)).toMillis());
        return new AgentSession(rs.getString("id"), rs.getString("sandbox_id"), rs.getString("status"),
                rs.getLong("tokens_in"), rs.getLong("tokens_out"), rs.getDouble("cost_usd"), rs.getLong("event_count"),
                started, rs.getString("agent_type"), rs.getString("model"), RiskRules.score(rawTrust(rs.getString("trust_json"))),
                duration, rs.getString("ended_at"), rs.getLong("bytes"));
    }
}
