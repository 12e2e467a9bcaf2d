package dev.sandbench.engine.compat.cloud;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.CompatSandboxes;
import dev.sandbench.engine.compat.CompatStore;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cloud Sandbox's sandbox pool as its SDK uses it. {@code acquire} names no session, yet the
 * README's flows expect the sandbox of the session just created or resumed: it binds to the
 * caller's newest active session and answers that session's sandbox (the original scheduler hands
 * out any pooled container, so its own README's pause step fails). Without an active session the
 * caller gets a sandbox of its own, a lease, destroyed on release. Release never touches a
 * session's sandbox, paused or not: it only unbinds. Execute and the file routes take a sandbox
 * id; only the caller's own Cloud Sandbox sandboxes are found (404 otherwise).
 */
final class CloudPool {
    private final CloudSessions sessions;
    private final CloudSpecs specs;

    CloudPool(CloudSessions sessions, CloudSpecs specs) {
        this.sessions = sessions;
        this.specs = specs;
    }

    CloudWire.CloudSandboxInfo acquire(CompatIdentity who) {
        CompatStore store = sessions.store();
        synchronized (sessions.lock(who)) {
            CompatStore.Session s = sessions.newestActive(who);
            String sandboxId;
            if (s != null) {
                sandboxId = s.sandboxId();
                sessions.sandboxes().running(who.principal(), sandboxId);
                store.update(s, Map.of(CloudSessions.BOUND, true));
            } else {
                CloudSpecs.Spec spec = specs.validate(new CloudWire.CloudCreateSession(null, null, null, null, null));
                SandboxRecord r = sessions.sandboxes().create(CompatApi.CLOUD_SANDBOX, who, "cloud-sandbox:" + who.user()
                        + ":pool", new CompatSandboxes.Spec(spec.template(), spec.ttlSeconds(), null, spec.cpus(),
                        spec.memoryMb()));
                Map<String, Object> state = new LinkedHashMap<>();
                state.put(CloudSessions.KIND, CloudSessions.LEASE);
                state.put(CloudSessions.BOUND, true);
                store.insert(CompatApi.CLOUD_SANDBOX, r.id(), who, r.id(), state);
                sandboxId = r.id();
            }
            return new CloudWire.CloudSandboxInfo(sandboxId, sandboxId, "active", null);
        }
    }

    /** Unbinds a session's sandbox (kept, running or paused), or destroys a lease. */
    void release(CompatIdentity who, String sandboxId) {
        if (sandboxId == null || sandboxId.isEmpty()) throw ApiException.badRequest("sandbox_id is required");
        CompatStore store = sessions.store();
        synchronized (sessions.lock(who)) {
            owned(who, sandboxId);
            for (CompatStore.Session s : store.open(CompatApi.CLOUD_SANDBOX, who.accountId())) {
                if (!s.sandboxId().equals(sandboxId) || !s.userId().equals(who.user())) continue;
                if (CloudSessions.LEASE.equals(s.text(CloudSessions.KIND))) {
                    sessions.sandboxes().service().destroy(who.principal(), sandboxId);
                    store.end(s);
                } else {
                    store.update(s, Map.of(CloudSessions.BOUND, false));
                }
                return;
            }
            throw ApiException.notFound("sandbox " + sandboxId + " is not acquired");
        }
    }

    /**
     * The pool's figures in both shapes the SDK's users know: the engine's warm pool is what stands
     * idle (and what it is refilling is creating); active are the caller's account's acquired
     * sandboxes. The engine caps sandboxes by nothing but the host, so max is 0: no limit.
     */
    CloudWire.CloudPoolStats stats(CompatIdentity who) {
        int[] warm = sessions.sandboxes().service().warmPool();
        int active = 0;
        for (CompatStore.Session s : sessions.store().open(CompatApi.CLOUD_SANDBOX, who.accountId())) {
            if (Boolean.TRUE.equals(s.state().get(CloudSessions.BOUND))) active++;
        }
        int idle = warm[0];
        int creating = Math.max(0, warm[1] - warm[0]);
        return new CloudWire.CloudPoolStats(idle, active, creating, 0, idle + active, idle, active);
    }

    /**
     * The caller's Cloud Sandbox sandbox {@code sandboxId}, running (started again after an engine
     * restart); a 409 while it is paused. 404 for anything not the caller's.
     */
    String running(CompatIdentity who, String sandboxId) {
        if (owned(who, sandboxId).status().equals(SandboxStatus.PAUSED)) {
            throw ApiException.conflict("sandbox " + sandboxId + " belongs to a paused session: resume the session "
                    + "(POST /api/v1/sessions/{id}/resume) and acquire it again");
        }
        sessions.sandboxes().running(who.principal(), sandboxId);
        return sandboxId;
    }

    private SandboxRecord owned(CompatIdentity who, String sandboxId) {
        SandboxRecord r = sandboxId == null || sandboxId.length() > 64 ? null
                : sessions.sandboxes().find(who.principal(), sandboxId);
        if (r == null || r.status().equals(SandboxStatus.DESTROYED) || CompatSandboxes.pastLifetime(r)
                || !CompatApi.CLOUD_SANDBOX.id().equals(r.labels().get(CompatSandboxes.API_LABEL))
                || !who.user().equals(r.labels().get(CompatSandboxes.USER_LABEL))) {
            throw ApiException.notFound("Sandbox not found: " + sandboxId);
        }
        return r;
    }
}
