package dev.sandbench.engine.runtime;

import java.util.List;
import java.util.Map;

/** No usable cgroups: sandboxes still run isolated, but limits are reported as not enforced. */
final class NoCgroups implements Cgroups {
    private final String reason;

    NoCgroups(String reason) {
        this.reason = reason;
    }

    @Override
    public String mechanism() {
        return "none";
    }

    @Override
    public Map<String, Enforcement> enforcement() {
        Enforcement no = new Enforcement(false, "no writable cgroup hierarchy (" + reason + ")");
        return Map.of("memory", no, "cpu", no, "pids", no, "freezer", no);
    }

    @Override
    public SandboxCgroup create(String sandboxId, Limits limits) {
        return new SandboxCgroup() {
            @Override public List<String> procsFiles() { return List.of(); }
            @Override public void update(Limits limits) { }
            @Override public void freeze() { throw new UnsupportedOperationException("no cgroup freezer on this host"); }
            @Override public void thaw() { throw new UnsupportedOperationException("no cgroup freezer on this host"); }
            @Override public boolean frozen() { return false; }
            @Override public void killAll() { }
            @Override public CgroupStats stats() { return CgroupStats.NONE; }
            @Override public void close() { }
        };
    }

    @Override
    public int removeLeftovers() {
        return 0;
    }
}
