package dev.sandbench.engine.compat.cloud;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.CompatSandboxes;
import dev.sandbench.engine.compat.CompatStore;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cloud Sandbox sessions. Each is a row in the compat store bound to its own engine sandbox, made
 * when the session is (from the session's image, CPUs, memory and ttl), labelled with the API and
 * the user. Pausing freezes the sandbox (cgroup freezer), so its files and its processes, the
 * session's Python interpreter among them, are there as they were on resume; deleting destroys
 * it. A session whose sandbox is gone (its ttl ran out, or someone destroyed it) is over: 404.
 */
final class CloudSessions {
    static final String KIND = "kind";
    static final String SESSION = "session";
    /** A sandbox acquired while its user had no active session: the caller's until released. */
    static final String LEASE = "lease";
    static final String BOUND = "bound";
    private static final String STATUS = "status";
    private static final String ACTIVE = "active";
    private static final String PAUSED = "paused";

    private final CompatStore store;
    private final CompatSandboxes sandboxes;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    CloudSessions(CompatStore store, CompatSandboxes sandboxes) {
        this.store = store;
        this.sandboxes = sandboxes;
    }

    /** One lock per user: acquire, release, pause and resume of a user's sessions do not interleave. */
    Object lock(CompatIdentity who) {
        return locks.computeIfAbsent(who.accountId() + "/" + who.user(), k -> new Object());
    }

    CompatStore store() {
        return store;
    }

    CompatSandboxes sandboxes() {
        return sandboxes;
    }

    CloudWire.CloudSession create(CompatIdentity who, CloudSpecs.Spec spec) {
        String id = UUID.randomUUID().toString();
        SandboxRecord r = sandboxes.create(CompatApi.CLOUD_SANDBOX, who, "cloud-sandbox:" + who.user() + ":"
                + id.substring(0, 8), new CompatSandboxes.Spec(spec.template(), spec.ttlSeconds(), null, spec.cpus(),
                spec.memoryMb()));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put(KIND, SESSION);
        state.put(STATUS, ACTIVE);
        state.put(BOUND, false);
        state.put("image", spec.image());
        state.put("metadata", spec.metadata());
        return info(who, store.insert(CompatApi.CLOUD_SANDBOX, id, who, r.id(), state));
    }

    /** The caller's session: 404 when unknown, another user's, deleted, or over (its sandbox is gone). */
    CompatStore.Session find(CompatIdentity who, String id) {
        CompatStore.Session s = id == null || id.length() > 64 ? null : store.get(CompatApi.CLOUD_SANDBOX, id);
        if (s == null || !SESSION.equals(s.text(KIND)) || !s.accountId().equals(who.accountId())
                || !s.userId().equals(who.user())) {
            throw ApiException.notFound("session " + id + " not found");
        }
        if (!s.open()) throw ApiException.notFound("session " + id + " was deleted or expired");
        if (sandbox(who, s) == null) {
            store.end(s);
            throw ApiException.notFound("session expired: " + id + " (its sandbox " + s.sandboxId() + " is gone)");
        }
        return s;
    }

    /** The session's sandbox while it exists, else null. */
    SandboxRecord sandbox(CompatIdentity who, CompatStore.Session s) {
        SandboxRecord r = sandboxes.find(who.principal(), s.sandboxId());
        return r == null || r.status().equals(SandboxStatus.DESTROYED) || CompatSandboxes.pastLifetime(r) ? null : r;
    }

    /**
     * Paused while its sandbox is frozen, or while it was paused when the engine stopped (the
     * sandbox is stopped then, and resume starts it again); active otherwise.
     */
    String status(CompatStore.Session s, SandboxRecord r) {
        if (r != null && r.status().equals(SandboxStatus.PAUSED)) return PAUSED;
        boolean stopped = r != null && (r.status().equals(SandboxStatus.STOPPED) || r.status().equals(SandboxStatus.ERROR));
        return stopped && PAUSED.equals(s.text(STATUS)) ? PAUSED : ACTIVE;
    }

    @SuppressWarnings("unchecked")
    CloudWire.CloudSession info(CompatIdentity who, CompatStore.Session s) {
        SandboxRecord r = sandbox(who, s);
        Map<String, String> meta = new LinkedHashMap<>();
        if (s.state().get("metadata") instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).forEach((k, v) -> meta.put(k, v == null ? null : v.toString()));
        }
        String status = status(s, r);
        return new CloudWire.CloudSession(s.id(), s.userId(), s.sandboxId(), status, s.text("image"),
                r == null ? 0 : (int) Math.round(r.cpus()), r == null ? 0 : r.memoryMb(), null, s.createdAt(),
                s.updatedAt(), s.updatedAt(), r == null ? null : r.expiresAt(),
                PAUSED.equals(status) && r != null ? Objects.requireNonNullElse(r.pausedAt(), s.updatedAt()) : null, meta);
    }

    /** The caller's sessions that are not over, oldest first. */
    List<CloudWire.CloudSession> list(CompatIdentity who) {
        List<CloudWire.CloudSession> out = new ArrayList<>();
        for (CompatStore.Session s : store.open(CompatApi.CLOUD_SANDBOX, who.accountId())) {
            if (!SESSION.equals(s.text(KIND)) || !s.userId().equals(who.user())) continue;
            if (sandbox(who, s) == null) {
                store.end(s);
                continue;
            }
            out.add(info(who, s));
        }
        return out;
    }

    /** The caller's newest active session, or null (what the pool's acquire binds to). */
    CompatStore.Session newestActive(CompatIdentity who) {
        CompatStore.Session newest = null;
        for (CompatStore.Session s : store.open(CompatApi.CLOUD_SANDBOX, who.accountId())) {
            if (!SESSION.equals(s.text(KIND)) || !s.userId().equals(who.user())) continue;
            SandboxRecord r = sandbox(who, s);
            if (r == null) {
                store.end(s);
            } else if (status(s, r).equals(ACTIVE)) {
                newest = s;
            }
        }
        return newest;
    }

    void delete(CompatIdentity who, String id) {
        synchronized (lock(who)) {
            CompatStore.Session s = find(who, id);
            sandboxes.service().destroy(who.principal(), s.sandboxId());
            store.end(s);
        }
    }

    /** Freezes the session's sandbox; 400 unless active, as the original's session manager answers. */
    CloudWire.CloudSession pause(CompatIdentity who, String id) {
        synchronized (lock(who)) {
            CompatStore.Session s = find(who, id);
            String status = status(s, sandbox(who, s));
            if (!status.equals(ACTIVE)) throw ApiException.badRequest("session is not active: " + status);
            sandboxes.running(who.principal(), s.sandboxId());
            sandboxes.service().pause(who.principal(), s.sandboxId());
            store.update(s, Map.of(STATUS, PAUSED, BOUND, false));
            return info(who, store.get(CompatApi.CLOUD_SANDBOX, id));
        }
    }

    /**
     * Thaws the session's sandbox, its processes going on where they stopped. A sandbox the engine
     * stopped meanwhile (a restart) starts again with its files, its interpreter afresh.
     */
    CloudWire.CloudSession resume(CompatIdentity who, String id) {
        synchronized (lock(who)) {
            CompatStore.Session s = find(who, id);
            SandboxRecord r = sandbox(who, s);
            String status = status(s, r);
            if (!status.equals(PAUSED)) throw ApiException.badRequest("session is not paused: " + status);
            if (r.status().equals(SandboxStatus.PAUSED)) {
                sandboxes.service().resume(who.principal(), s.sandboxId());
            } else {
                sandboxes.running(who.principal(), s.sandboxId());
            }
            store.update(s, Map.of(STATUS, ACTIVE));
            return info(who, store.get(CompatApi.CLOUD_SANDBOX, id));
        }
    }
}
