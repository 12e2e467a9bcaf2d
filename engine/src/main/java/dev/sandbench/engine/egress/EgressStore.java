package dev.sandbench.engine.egress;

import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.store.Database;

import java.util.Arrays;
import java.util.List;

/** Each sandbox's egress rules, in a table of the feature's own. */
final class EgressStore {
    private final Database db;

    EgressStore(Database db) {
        this.db = db;
        db.update("CREATE TABLE IF NOT EXISTS sandbox_egress (sandbox_id TEXT PRIMARY KEY, allow_json TEXT NOT NULL, "
                + "deny_json TEXT NOT NULL, updated_at TEXT NOT NULL)");
    }

    EgressPolicy get(String sandboxId) {
        EgressPolicy p = db.queryOne("SELECT allow_json, deny_json FROM sandbox_egress WHERE sandbox_id = ?",
                rs -> new EgressPolicy(list(rs.getString(1)), list(rs.getString(2))), sandboxId);
        return p == null ? EgressPolicy.NONE : p;
    }

    void put(String sandboxId, EgressPolicy p) {
        db.update("INSERT INTO sandbox_egress(sandbox_id, allow_json, deny_json, updated_at) VALUES (?,?,?,?) "
                        + "ON CONFLICT(sandbox_id) DO UPDATE SET allow_json = excluded.allow_json, "
                        + "deny_json = excluded.deny_json, updated_at = excluded.updated_at",
                sandboxId, Json.write(p.allow()), Json.write(p.deny()), Ids.now());
    }

    void delete(String sandboxId) {
        db.update("DELETE FROM sandbox_egress WHERE sandbox_id = ?", sandboxId);
    }

    private static List<String> list(String json) {
        return Arrays.asList(Json.parse(json, String[].class));
    }
}
