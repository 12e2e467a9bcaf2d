package dev.sandbench.engine.runtime;

import java.util.Map;

/** Creates per-sandbox cgroups on whatever this host offers: cgroup v2, v1, or nothing. */
public interface Cgroups {
    /** Human-readable mechanism, e.g. "cgroup v1" or "none". */
    String mechanism();

    /** Which limits this host really enforces, by name (memory, cpu, pids, freezer), with the reason when not. */
    Map<String, Enforcement> enforcement();

    SandboxCgroup create(String sandboxId, Limits limits);

    /** Kills and removes cgroups left by an earlier run of this engine (after a crash). */
    int removeLeftovers();

    /**
     * Removes this engine's own parent cgroup(s) when no sandbox cgroup is left in them (at
     * shutdown), so engines that come and go (tests, desktop sessions) leave nothing behind.
     */
    default void removeParentIfEmpty() {}

    record Enforcement(boolean enforced, String how) {}

    static Cgroups detect(String engineTag) {
        Cgroups v2 = CgroupV2.tryCreate(engineTag);
        if (v2 != null) {
            return v2;
        }
        Cgroups v1 = CgroupV1.tryCreate(engineTag);
        if (v1 != null) {
            return v1;
        }
        return new NoCgroups(CgroupV2.whyNot() + "; " + CgroupV1.whyNot());
    }
}
