package dev.sandbench.engine.account;

import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Authenticator;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.store.Database;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts and their API keys. Keys are 256-bit random secrets, so a SHA-256 of the key is
 * a safe stored form (no salt or slow hash needed for high-entropy secrets) and lets the
 * engine look a key up in one indexed read, cached after the first use.
 */
public final class Accounts implements Authenticator {
    public static final String ADMIN_ACCOUNT = "acc_admin";
    private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(30);

    private final Database db;
    private final Map<String, Principal> byHash = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastTouch = new ConcurrentHashMap<>();

    public record ApiKey(String id, String name, String prefix, String createdAt, String lastUsedAt) {}

    public record CreatedKey(String id, String name, String prefix, String createdAt, String lastUsedAt, String key) {}

    public record Account(String id, String name, String createdAt) {}

    public record ClientSession(String id, String userAgent, String ipAddress, String createdAt, String lastActiveAt) {}

    public Accounts(Database db) {
        this.db = db;
    }

    /** Creates the admin account and key on first start; returns the new key, or null if it existed. */
    public String ensureAdmin() {
        if (db.queryOne("SELECT id FROM accounts WHERE id = ?", rs -> rs.getString(1), ADMIN_ACCOUNT) != null) {
            return null;
        }
        db.update("INSERT INTO accounts(id, name, created_at) VALUES (?, ?, ?)", ADMIN_ACCOUNT, "admin", Ids.now());
        return insertKey(ADMIN_ACCOUNT, "admin", true).key();
    }

    /** Replaces the admin key (for a lost key file): every earlier admin key is revoked. */
    public String rotateAdminKey() {
        db.update("UPDATE api_keys SET revoked_at = ? WHERE account_id = ? AND admin = 1 AND revoked_at IS NULL",
                Ids.now(), ADMIN_ACCOUNT);
        byHash.clear();
        return insertKey(ADMIN_ACCOUNT, "admin", true).key();
    }

    public Account createAccount(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ApiException.badRequest("account 'name' is required (1-200 characters)");
        }
        Account a = new Account(Ids.newId("acc"), name, Ids.now());
        db.update("INSERT INTO accounts(id, name, created_at) VALUES (?, ?, ?)", a.id(), a.name(), a.createdAt());
        return a;
    }

    public List<Account> listAccounts() {
        return db.query("SELECT id, name, created_at FROM accounts ORDER BY created_at",
                rs -> new Account(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    public CreatedKey createKey(String accountId, String name) {
        String keyName = name == null || name.isBlank() ? "key" : name.strip();
        if (keyName.length() > 200) {
            throw ApiException.badRequest("key 'name' must be at most 200 characters");
        }
        return insertKey(accountId, keyName, false);
    }

    private CreatedKey insertKey(String accountId, String name, boolean admin) {
        String secret = "sk_" + Ids.random(40);
        String id = Ids.newId("key");
        String prefix = secret.substring(0, 10);
        String now = Ids.now();
        db.update("INSERT INTO api_keys(id, account_id, name, prefix, hash, admin, created_at) VALUES (?,?,?,?,?,?,?)",
                id, accountId, name, prefix, hash(secret), admin ? 1 : 0, now);
        return new CreatedKey(id, name, prefix, now, null, secret);
    }

    public List<ApiKey> listKeys(String accountId) {
        return db.query("SELECT id, name, prefix, created_at, last_used_at FROM api_keys "
                        + "WHERE account_id = ? AND revoked_at IS NULL ORDER BY created_at",
                rs -> new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                accountId);
    }

    public void revokeKey(Principal caller, String keyId) {
        int n = db.update("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL",
                Ids.now(), keyId, caller.accountId());
        if (n == 0) {
            throw ApiException.notFound("API key " + keyId + " does not exist");
        }
        byHash.values().removeIf(p -> p.keyId().equals(keyId));
    }

    public List<ClientSession> listClientSessions(String accountId) {
        return db.query("SELECT id, user_agent, ip_address, created_at, last_active_at FROM client_sessions "
                        + "WHERE account_id = ? ORDER BY last_active_at DESC",
                rs -> new ClientSession(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                accountId);
    }

    public void deleteClientSession(String accountId, String id) {
        if (db.update("DELETE FROM client_sessions WHERE id = ? AND account_id = ?", id, accountId) == 0) {
            throw ApiException.notFound("session " + id + " does not exist");
        }
        lastTouch.clear();
    }

    @Override
    public Principal authenticate(String apiKey, String userAgent, String ip) {
        String h = hash(apiKey);
        Principal p = byHash.get(h);
        if (p == null) {
            p = db.queryOne("SELECT account_id, id, admin FROM api_keys WHERE hash = ? AND revoked_at IS NULL",
                    rs -> new Principal(rs.getString(1), rs.getString(2), rs.getInt(3) == 1), h);
            if (p == null) {
                return null;
            }
            byHash.put(h, p);
        }
        touch(p, userAgent == null ? "" : userAgent, ip == null ? "" : ip);
        return p;
    }

    @Override
    public Principal byKeyId(String keyId) {
        return db.queryOne("SELECT account_id, id, admin FROM api_keys WHERE id = ? AND revoked_at IS NULL",
                rs -> new Principal(rs.getString(1), rs.getString(2), rs.getInt(3) == 1), keyId);
    }

    /** Records key use and the client seen, at most every few seconds per client, off the hot path's way. */
    private void touch(Principal p, String userAgent, String ip) {
        String k = p.keyId() + "|" + userAgent + "|" + ip;
        Instant now = Instant.now();
        Instant last = lastTouch.get(k);
        if (last != null && last.plus(TOUCH_INTERVAL).isAfter(now)) {
            return;
        }
        lastTouch.put(k, now);
        String ts = Ids.timestamp(now);
        db.update("UPDATE api_keys SET last_used_at = ? WHERE id = ?", ts, p.keyId());
        db.update("INSERT INTO client_sessions(id, account_id, user_agent, ip_address, created_at, last_active_at) "
                        + "VALUES (?,?,?,?,?,?) ON CONFLICT(account_id, user_agent, ip_address) "
                        + "DO UPDATE SET last_active_at = excluded.last_active_at",
                Ids.newId("cls"), p.accountId(), userAgent, ip, ts, ts);
    }

    static String hash(String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
