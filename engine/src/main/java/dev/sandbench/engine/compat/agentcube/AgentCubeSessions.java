package dev.sandbench.engine.compat.agentcube;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.CompatSandboxes;
import dev.sandbench.engine.compat.CompatStore;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * AgentCube sessions: a code interpreter's or an agent runtime's, each a row in the compat store
 * bound to its own engine sandbox, which lives {@code ttl} seconds (the sandbox's lifetime: the
 * engine destroys it then, and the session is over). The data plane finds a session by the id in
 * {@code x-agentcube-session-id} alone, as AgentCube's Router does, from any client of its owner.
 */
final class AgentCubeSessions {
    static final String CODE_INTERPRETER = "CodeInterpreter";
    static final String AGENT_RUNTIME = "AgentRuntime";
    static final long DEFAULT_TTL_SECONDS = 3600;
    static final long MAX_TTL_SECONDS = 7L * 24 * 3600;
    /** Kubernetes names, as AgentCube's resources have: a DNS-1123 label for namespaces, a subdomain for names. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    /**
     * A session to make: its kind, where its requests come ({@code namespace}/{@code name}), its
     * sandbox's template and lifetime, and what else the session keeps ({@code extra}).
     */
    record Spec(String kind, String namespace, String name, String template, long ttlSeconds, Map<String, Object> extra) {}

    private final CompatStore store;
    private final CompatSandboxes sandboxes;

    AgentCubeSessions(CompatStore store, CompatSandboxes sandboxes) {
        this.store = store;
        this.sandboxes = sandboxes;
    }

    CompatSandboxes sandboxes() {
        return sandboxes;
    }

    /** 400 unless {@code namespace} and {@code name} are Kubernetes names (they go into paths and names). */
    static void checkNames(String namespace, String name) {
        if (namespace == null || namespace.isEmpty()) throw ApiException.badRequest("namespace is required");
        if (name == null || name.isEmpty()) throw ApiException.badRequest("name is required");
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw ApiException.badRequest("namespace must be a DNS-1123 label (lowercase letters, digits, '-'), got '"
                    + namespace + "'");
        }
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name must be a DNS-1123 subdomain (lowercase letters, digits, '-', '.'), "
                    + "got '" + name + "'");
        }
    }

    /** The lifetime of a session asking for {@code ttl} seconds: 0 or absent is an hour, as the SDK's default. */
    static long ttl(Long ttl) {
        long seconds = ttl == null || ttl == 0 ? DEFAULT_TTL_SECONDS : ttl;
        if (seconds < 0 || seconds > MAX_TTL_SECONDS) {
            throw ApiException.badRequest("ttl must be from 0 to " + MAX_TTL_SECONDS + " seconds, got " + seconds);
        }
        return seconds;
    }

    CompatStore.Session create(CompatIdentity who, Spec spec) {
        String id = UUID.randomUUID().toString();
        SandboxRecord r = sandboxes.create(CompatApi.AGENTCUBE, who, "agentcube:" + spec.namespace() + "/" + spec.name()
                + ":" + id.substring(0, 8), new CompatSandboxes.Spec(spec.template(), spec.ttlSeconds(), null));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("kind", spec.kind());
        state.put("namespace", spec.namespace());
        state.put("name", spec.name());
        state.putAll(spec.extra());
        return store.insert(CompatApi.AGENTCUBE, id, who, r.id(), state);
    }

    AgentCubeWire.AgentCubeCreated created(CompatStore.Session s, String invocationsUrl) {
        return new AgentCubeWire.AgentCubeCreated(s.text("kind"), s.id(), s.sandboxId(), s.sandboxId(),
                List.of(new AgentCubeWire.AgentCubeEntryPoint("/", "HTTP", invocationsUrl)), s.userId());
    }

    /**
     * The caller's open session {@code id} whose sandbox still exists (started again if the engine
     * stopped it); 404 for an unknown id, another caller's, or one that is over.
     */
    CompatStore.Session find(CompatIdentity who, String id) {
        CompatStore.Session s = id == null || id.isEmpty() || id.length() > 64 ? null : store.get(CompatApi.AGENTCUBE, id);
        if (s == null || !s.accountId().equals(who.accountId()) || !s.userId().equals(who.user())) {
            throw ApiException.notFound("session " + id + " not found");
        }
        if (!s.open()) throw ApiException.notFound("session " + id + " not found: it was deleted or expired");
        SandboxRecord r = sandboxes.find(who.principal(), s.sandboxId());
        if (r == null || CompatSandboxes.pastLifetime(r) || r.status().equals(SandboxStatus.DESTROYED)) {
            store.end(s);
            throw ApiException.notFound("session " + id + " not found: its sandbox is gone (ttl over, or destroyed)");
        }
        return s;
    }

    /** The session's sandbox, running. */
    String running(CompatIdentity who, CompatStore.Session s) {
        sandboxes.running(who.principal(), s.sandboxId());
        store.touch(s);
        return s.sandboxId();
    }

    /** Ends the session and destroys its sandbox; 404 when there is no such session of {@code kind}. */
    void delete(CompatIdentity who, String id, String kind) {
        CompatStore.Session s = find(who, id);
        if (!kind.equals(s.text("kind"))) throw ApiException.notFound("session " + id + " is not a " + kind + " session");
        sandboxes.service().destroy(who.principal(), s.sandboxId());
        store.end(s);
    }
}
