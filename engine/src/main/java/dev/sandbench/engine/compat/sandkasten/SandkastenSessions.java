package dev.sandbench.engine.compat.sandkasten;

import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.CompatSandboxes;
import dev.sandbench.engine.compat.CompatStore;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxStatus;
import dev.sandbench.engine.sandbox.Template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.sandbench.engine.compat.sandkasten.SandkastenErrors.error;

/**
 * Sandkasten sessions: each one an engine sandbox whose id is the session id, with the image,
 * working directory and workspace kept in the compat store. {@code ttl_seconds} is the sandbox's
 * lifetime (Sandkasten's daemon default, 30 minutes, when absent); a session whose sandbox
 * expired answers 410 like Sandkasten's, one destroyed otherwise 404.
 */
final class SandkastenSessions {
    /** Sandkasten's image names and the engine templates that serve them. */
    static final Map<String, String> IMAGES = Map.of("base", "minimal", "python", "python", "node", "node");
    static final String DEFAULT_IMAGE = "base";
    static final int DEFAULT_TTL_SECONDS = 1800;
    static final int MAX_TTL_SECONDS = 86_400;
    private static final Pattern WORKSPACE = Pattern.compile("[a-z0-9][a-z0-9-]*[a-z0-9]");
    private static final String EXPIRED = "expired";

    private final CompatStore store;
    private final CompatSandboxes sandboxes;

    SandkastenSessions(CompatStore store, CompatSandboxes sandboxes) {
        this.store = store;
        this.sandboxes = sandboxes;
    }

    SandkastenWire.SandkastenSession create(CompatIdentity who, SandkastenWire.SandkastenCreate req) {
        String image = req.image() == null || req.image().isBlank() ? DEFAULT_IMAGE : req.image();
        String template = IMAGES.get(image);
        if (template == null) {
            throw error(400, "INVALID_IMAGE", "unknown image '" + image + "' (images: base, python, node)");
        }
        Template t = sandboxes.service().templates().get(template).orElseThrow();
        if (!t.available()) {
            throw error(400, "INVALID_IMAGE", "image '" + image + "' is not available on this engine: " + t.reason());
        }
        int ttl = req.ttlSeconds() == null || req.ttlSeconds() == 0 ? DEFAULT_TTL_SECONDS : req.ttlSeconds();
        if (ttl < 0 || ttl > MAX_TTL_SECONDS) {
            throw error(400, "INVALID_REQUEST", "ttl_seconds must be from 0 to " + MAX_TTL_SECONDS + ", got " + ttl);
        }
        String ws = req.workspaceId() == null || req.workspaceId().isEmpty() ? null : req.workspaceId();
        if (ws != null && (ws.length() < 2 || ws.length() > 64 || !WORKSPACE.matcher(ws).matches())) {
            throw error(400, "INVALID_WORKSPACE", "workspace_id must be 2-64 lowercase letters, digits and hyphens, "
                    + "not starting or ending with a hyphen");
        }
        SandboxRecord r = sandboxes.create(CompatApi.SANDKASTEN, who, "sandkasten:" + who.user() + ":" + image,
                new CompatSandboxes.Spec(template, (long) ttl, ws));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("image", image);
        state.put("cwd", "/workspace");
        state.put("workspace_id", ws);
        state.put("expires_at", r.expiresAt());
        return info(who, store.insert(CompatApi.SANDKASTEN, r.id(), who, r.id(), state));
    }

    /** The caller's live session: 404 when unknown or destroyed, 410 when its lifetime ran out. */
    CompatStore.Session find(CompatIdentity who, String id) {
        CompatStore.Session s = id == null || id.length() > 64 ? null : store.get(CompatApi.SANDKASTEN, id);
        if (s == null || !s.accountId().equals(who.accountId())) {
            throw error(404, "SESSION_NOT_FOUND", "session " + id + " not found");
        }
        if (s.open()) {
            SandboxRecord r = sandboxes.find(who.principal(), s.sandboxId());
            if (r != null && !r.status().equals(SandboxStatus.DESTROYED) && !CompatSandboxes.pastLifetime(r)) {
                // The engine forgets a destroyed sandbox's expiry, so the session remembers the latest one.
                if (r.expiresAt() != null && !r.expiresAt().equals(s.text("expires_at"))) {
                    store.update(s, Map.of("expires_at", r.expiresAt()));
                }
                return s;
            }
            // Its sandbox went (its lifetime ran out, or someone destroyed it): the session ends with it.
            String expires = s.text("expires_at");
            if (expires != null && expires.compareTo(Ids.now()) <= 0) store.update(s, Map.of("ended", EXPIRED));
            store.end(s);
            s = store.get(CompatApi.SANDKASTEN, id);
        }
        if (EXPIRED.equals(s.text("ended"))) throw error(410, "SESSION_EXPIRED", "session " + id + " expired");
        throw error(404, "SESSION_NOT_FOUND", "session " + id + " was destroyed");
    }

    /** The session's sandbox running (started again after an engine restart; files are kept, shell state is not). */
    String running(CompatIdentity who, CompatStore.Session s) {
        sandboxes.running(who.principal(), s.sandboxId());
        return s.sandboxId();
    }

    /** Whether {@code id} names an open Sandkasten session (of any account): GET /v1/sessions/{id} is then Sandkasten's. */
    boolean isOpen(String id) {
        CompatStore.Session s = id == null || id.length() > 64 ? null : store.get(CompatApi.SANDKASTEN, id);
        return s != null && s.open();
    }

    SandkastenWire.SandkastenSession info(CompatIdentity who, CompatStore.Session s) {
        SandboxRecord r = sandboxes.find(who.principal(), s.sandboxId());
        String status = r == null ? "destroyed" : switch (r.status()) {
            case SandboxStatus.RUNNING, SandboxStatus.PENDING -> "running";
            default -> r.status();
        };
        return new SandkastenWire.SandkastenSession(s.id(), s.text("image"), status, s.text("cwd"),
                s.text("workspace_id"), s.createdAt(), r == null ? null : r.expiresAt(), s.updatedAt());
    }

    /** The account's live sessions, oldest first. */
    List<SandkastenWire.SandkastenSession> list(CompatIdentity who) {
        List<SandkastenWire.SandkastenSession> out = new ArrayList<>();
        for (CompatStore.Session s : store.open(CompatApi.SANDKASTEN, who.accountId())) {
            SandboxRecord r = sandboxes.find(who.principal(), s.sandboxId());
            if (r != null && !r.status().equals(SandboxStatus.DESTROYED)) out.add(info(who, s));
        }
        return out;
    }

    void destroy(CompatIdentity who, String id) {
        CompatStore.Session s = find(who, id);
        sandboxes.service().destroy(who.principal(), s.sandboxId());
        store.end(s);
    }

    void cwd(CompatStore.Session s, String cwd) {
        store.update(s, Map.of("cwd", cwd));
    }
}
