package dev.sandbench.engine.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's state in one SQLite file. One connection, serialised: SQLite has one writer
 * anyway, and the engine's statements are short. WAL keeps readers cheap and makes a crash
 * lose nothing that was committed.
 */
public final class Database implements AutoCloseable {
    /** Schema versions in order; a new version appends, never edits. */
    private static final List<String> MIGRATIONS = List.of(
            """
            CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);
            CREATE TABLE api_keys (
              id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id), name TEXT NOT NULL,
              prefix TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, admin INTEGER NOT NULL DEFAULT 0,
              created_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT);
            CREATE TABLE client_sessions (
              id TEXT PRIMARY KEY, account_id TEXT NOT NULL, user_agent TEXT NOT NULL, ip_address TEXT NOT NULL,
              created_at TEXT NOT NULL, last_active_at TEXT NOT NULL, UNIQUE(account_id, user_agent, ip_address));
            CREATE TABLE sandboxes (
              id TEXT PRIMARY KEY, account_id TEXT NOT NULL, name TEXT, template TEXT NOT NULL,
              cpus REAL NOT NULL, memory_mb INTEGER NOT NULL, disk_gb REAL NOT NULL, pids_limit INTEGER NOT NULL,
              network_mode TEXT NOT NULL, env_json TEXT NOT NULL, labels_json TEXT NOT NULL, init_script TEXT,
              timeout_seconds INTEGER, budget REAL, host_uid INTEGER NOT NULL, status TEXT NOT NULL, status_reason TEXT,
              paused_at TEXT,
              created_at TEXT NOT NULL, started_at TEXT, expires_at TEXT, destroyed_at TEXT);
            CREATE INDEX sandboxes_account ON sandboxes(account_id, status);
            CREATE TABLE sandbox_logs (
              seq INTEGER PRIMARY KEY AUTOINCREMENT, sandbox_id TEXT NOT NULL, timestamp TEXT NOT NULL,
              type TEXT NOT NULL, message TEXT NOT NULL);
            CREATE INDEX sandbox_logs_sandbox ON sandbox_logs(sandbox_id, seq);
            """,
            // The runtime's name for a sandbox (its directory and cgroup); differs from the id
            // when the sandbox came from the warm pool.
            """
            ALTER TABLE sandboxes ADD COLUMN runtime_id TEXT;
            """,
            """
            CREATE TABLE snapshots (
              id TEXT PRIMARY KEY, sandbox_id TEXT NOT NULL, account_id TEXT NOT NULL, name TEXT, description TEXT,
              trigger TEXT NOT NULL, status TEXT NOT NULL, format TEXT NOT NULL, size_bytes INTEGER, checksum TEXT,
              created_at TEXT NOT NULL, completed_at TEXT, error TEXT);
            CREATE INDEX snapshots_sandbox ON snapshots(sandbox_id);
            ALTER TABLE sandboxes ADD COLUMN workspace_id TEXT;
            CREATE TABLE workspaces (
              account_id TEXT NOT NULL, id TEXT NOT NULL, host_uid INTEGER NOT NULL, created_at TEXT NOT NULL,
              PRIMARY KEY (account_id, id));
            """,
            """
            CREATE TABLE agent_sessions (
              id TEXT PRIMARY KEY, sandbox_id TEXT NOT NULL, account_id TEXT NOT NULL, implicit INTEGER NOT NULL,
              status TEXT NOT NULL, agent_type TEXT, model TEXT, started_at TEXT NOT NULL, ended_at TEXT,
              last_event_at TEXT, tokens_in INTEGER NOT NULL DEFAULT 0, tokens_out INTEGER NOT NULL DEFAULT 0,
              cost_usd REAL NOT NULL DEFAULT 0, event_count INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX agent_sessions_sandbox ON agent_sessions(sandbox_id, started_at);
            CREATE TABLE replay_events (
              seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, account_id TEXT NOT NULL, session_id TEXT NOT NULL,
              sandbox_id TEXT NOT NULL, type TEXT NOT NULL, timestamp TEXT NOT NULL, data_json TEXT NOT NULL,
              UNIQUE (account_id, id));
            CREATE INDEX replay_events_session ON replay_events(session_id, timestamp, seq);
            """,
            // Risk signals per session (raw weight per factor), the bytes of recorded data that
            // retention counts, alerts with their rules, and notifications.
            """
            ALTER TABLE agent_sessions ADD COLUMN trust_json TEXT NOT NULL DEFAULT '{}';
            ALTER TABLE agent_sessions ADD COLUMN trust_updated_at TEXT;
            ALTER TABLE agent_sessions ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
            UPDATE agent_sessions SET bytes = (SELECT COALESCE(SUM(LENGTH(data_json)), 0) FROM replay_events e WHERE e.session_id = agent_sessions.id);
            CREATE INDEX agent_sessions_status ON agent_sessions(status, started_at);
            CREATE TABLE alert_rules (
              account_id TEXT NOT NULL, id TEXT NOT NULL, enabled INTEGER NOT NULL, severity TEXT NOT NULL,
              channels_json TEXT NOT NULL, threshold REAL, cooldown_minutes INTEGER NOT NULL, updated_at TEXT NOT NULL,
              PRIMARY KEY (account_id, id));
            CREATE TABLE alerts (
              id TEXT PRIMARY KEY, account_id TEXT NOT NULL, type TEXT NOT NULL, severity TEXT NOT NULL,
              message TEXT NOT NULL, sandbox_id TEXT, session_id TEXT, subject TEXT NOT NULL, data_json TEXT NOT NULL,
              resolved INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, resolved_at TEXT);
            CREATE INDEX alerts_account ON alerts(account_id, created_at);
            CREATE INDEX alerts_subject ON alerts(account_id, type, subject, created_at);
            CREATE TABLE notifications (
              id TEXT PRIMARY KEY, account_id TEXT NOT NULL, type TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
              is_read INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, alert_id TEXT);
            CREATE INDEX notifications_account ON notifications(account_id, is_read, created_at);
            CREATE TABLE notification_config (account_id TEXT PRIMARY KEY, config_json TEXT NOT NULL);
            """,
            // The local template a requested name resolved to ('template' keeps the name as asked,
            // e.g. node-20); NULL for sandboxes created before names were resolved, whose template is local.
            """
            ALTER TABLE sandboxes ADD COLUMN resolved_template TEXT;
            """
    );

    private final Connection conn;
    private final Path file;

    /**
     * SQLite does not always say a failure was a full disk (a failed commit after SQLITE_FULL reads
     * "no transaction is active"), so the file system is asked: the API answers 507 for these.
     */
    private StoreException failure(String what, SQLException e) {
        try {
            if (file != null && java.nio.file.Files.getFileStore(file).getUsableSpace() < (4L << 20)) {
                return new StoreException(what + " (database or disk is full)", e);
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            // report the failure as it is
        }
        return new StoreException(what, e);
    }

    public Database(Path file) throws SQLException {
        this.file = file;
        conn = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("PRAGMA foreign_keys=ON");
            st.execute("PRAGMA busy_timeout=5000");
        }
        migrate();
    }

    private synchronized void migrate() throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int current = 0;
            try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) current = rs.getInt(1);
            }
            for (int v = current; v < MIGRATIONS.size(); v++) {
                conn.setAutoCommit(false);
                try {
                    for (String sql : MIGRATIONS.get(v).split(";\\s*\n")) {
                        if (!sql.isBlank()) st.execute(sql);
                    }
                    st.execute("INSERT INTO schema_version(version) VALUES (" + (v + 1) + ")");
                    conn.commit();
                } catch (SQLException e) {
                    conn.rollback();
                    throw e;
                } finally {
                    conn.setAutoCommit(true);
                }
            }
        }
    }

    /** Maps one row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public synchronized int update(String sql, Object... args) {
        try (PreparedStatement ps = prepare(sql, args)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    public synchronized <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) out.add(mapper.map(rs));
            return out;
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    public <T> T queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Runs several statements atomically. */
    public synchronized void transaction(Runnable work) {
        try {
            conn.setAutoCommit(false);
            try {
                work.run();
                conn.commit();
            } catch (RuntimeException e) {
                try {
                    conn.rollback();
                } catch (SQLException rollback) {
                    // SQLite has already rolled back after some failures (SQLITE_FULL): keep the cause that matters.
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("transaction", e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = conn.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            throw new StoreException("close", e);
        }
    }

    /** A storage failure: the engine's own fault, never the caller's. */
    public static final class StoreException extends RuntimeException {
        StoreException(String what, SQLException cause) {
            super("database failure in " + what + ": " + cause.getMessage(), cause);
        }
    }
}
