package dev.sandbench.engine.compat.cage;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.CompatSandboxes;
import dev.sandbench.engine.compat.CompatStore;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.runtime.SandboxCgroup;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxStatus;
import dev.sandbench.engine.sandbox.Template;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A CAGE user's one implicit sandbox. CAGE has no sandbox ids: the user behind the key owns one
 * session, created on first use and reused by every call. Here the session is a row in the
 * compat store bound to an engine sandbox named {@code cage:<user>}. Terminating it stops the
 * sandbox and keeps its files for the user's next session (CAGE keeps the workspace too);
 * {@code purge_data} destroys it.
 */
final class CageSessions {
    private final CompatStore store;
    private final CompatSandboxes sandboxes;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    CageSessions(CompatStore store, CompatSandboxes sandboxes) {
        this.store = store;
        this.sandboxes = sandboxes;
    }

    /** The user's open session, or null. */
    CompatStore.Session current(CompatIdentity who) {
        CompatStore.Session s = store.latest(CompatApi.CAGE, who.accountId(), who.user());
        return s != null && s.open() ? s : null;
    }

    /** The user's open session with a sandbox that exists (not necessarily running); made when missing. */
    CompatStore.Session ensure(CompatIdentity who) {
        synchronized (locks.computeIfAbsent(who.accountId() + "/" + who.user(), k -> new Object())) {
            CompatStore.Session s = store.latest(CompatApi.CAGE, who.accountId(), who.user());
            SandboxRecord existing = s == null ? null : usable(who.principal(), s.sandboxId());
            if (s != null && s.open()) {
                if (existing != null) return s;
                // Destroyed elsewhere (the workbench, say): the session goes on in a new sandbox.
                store.rebind(s, create(who).id());
                return store.get(CompatApi.CAGE, s.id());
            }
            String sandboxId = existing != null ? existing.id() : create(who).id();
            return store.insert(CompatApi.CAGE, UUID.randomUUID().toString(), who, sandboxId, Map.of());
        }
    }

    /** The session's sandbox, started again if it stopped; the session's activity is noted. */
    String runningSandbox(CompatIdentity who) {
        CompatStore.Session s = ensure(who);
        sandboxes.running(who.principal(), s.sandboxId());
        store.touch(s);
        return s.sandboxId();
    }

    /** Ends the open session: 404 when there is none. The sandbox is stopped, or destroyed with {@code purge}. */
    void terminate(CompatIdentity who, boolean purge) {
        synchronized (locks.computeIfAbsent(who.accountId() + "/" + who.user(), k -> new Object())) {
            CompatStore.Session s = current(who);
            if (s == null) throw ApiException.notFound("No active session");
            store.end(s);
            SandboxRecord r = usable(who.principal(), s.sandboxId());
            if (r == null) return;
            if (purge) {
                sandboxes.service().destroy(who.principal(), r.id());
            } else if (r.live()) {
                sandboxes.service().stop(who.principal(), r.id());
            }
        }
    }

    private SandboxRecord usable(Principal p, String sandboxId) {
        SandboxRecord r = sandboxes.find(p, sandboxId);
        return r == null || r.status().equals(SandboxStatus.DESTROYED) ? null : r;
    }

    private SandboxRecord create(CompatIdentity who) {
        boolean python = sandboxes.service().templates().get("python").map(Template::available).orElse(false);
        return sandboxes.create(CompatApi.CAGE, who, "cage:" + who.user(),
                new CompatSandboxes.Spec(python ? "python" : null, null, null));
    }

    CageWire.CageSessionInfo info(CompatIdentity who, CompatStore.Session s) {
        SandboxRecord r = sandboxes.find(who.principal(), s.sandboxId());
        String status = r == null ? "error" : switch (r.status()) {
            case SandboxStatus.RUNNING -> "running";
            case SandboxStatus.PENDING -> "creating";
            case SandboxStatus.PAUSED, SandboxStatus.STOPPED -> "stopped";
            default -> "error";
        };
        CageWire.CageResourceLimits limits = r == null ? null : new CageWire.CageResourceLimits(r.memoryMb(), r.cpus(),
                r.pidsLimit(), ExecService.MAX_TIMEOUT_MS / 1000, Math.round(r.diskGb() * 1024));
        CageWire.CageResourceUsage usage = r == null || !r.status().equals(SandboxStatus.RUNNING) ? null : usage(r.id(), null);
        boolean network = r != null && !r.networkMode().equals("none");
        return new CageWire.CageSessionInfo(s.id(), s.userId(), s.sandboxId(), status, s.createdAt(), s.updatedAt(), limits,
                usage, new CageWire.CageNetworkPolicy(network, List.of(), List.of()));
    }

    /** Memory, disk and processes now; CPU as a share of one core since {@code cpuBefore} (usec, ms) when given. */
    CageWire.CageResourceUsage usage(String sandboxId, long[] cpuBefore) {
        SandboxCgroup.CgroupStats st = sandboxes.service().cgroupStats(sandboxId);
        Double cpu = null;
        if (cpuBefore != null && cpuBefore[0] >= 0 && st.cpuUsageUsec() >= 0) {
            long wallUs = Math.max(1, (System.nanoTime() / 1000) - cpuBefore[1]);
            cpu = Math.round((st.cpuUsageUsec() - cpuBefore[0]) * 1000.0 / wallUs) / 10.0;
        }
        return new CageWire.CageResourceUsage(Math.max(0, st.memoryBytes()) / 1048576.0, cpu,
                sandboxes.service().diskBytes(sandboxId) / 1048576.0, Math.max(0, st.pids()));
    }

    /** The CPU counter and the time (usec) to measure a run's CPU share from. */
    long[] cpuMark(String sandboxId) {
        return new long[]{sandboxes.service().cgroupStats(sandboxId).cpuUsageUsec(), System.nanoTime() / 1000};
    }
}
