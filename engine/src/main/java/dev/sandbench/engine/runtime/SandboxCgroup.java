package dev.sandbench.engine.runtime;

import java.util.List;

/** The cgroup (or cgroups, on v1) that hold one sandbox's processes and limits. */
public interface SandboxCgroup extends AutoCloseable {
    /** Files a launcher writes its pid into before it execs, so everything it starts is inside. */
    List<String> procsFiles();

    /** Applies new limits to a live cgroup (a warm-pool sandbox taking on a request's limits). */
    void update(Limits limits);

    void freeze();

    void thaw();

    boolean frozen();

    /** Kills every process in the cgroup and waits until it is empty. */
    void killAll();

    CgroupStats stats();

    /** Removes the cgroup; processes must be gone. */
    @Override
    void close();

    /**
     * Figures read from the cgroup; -1 where the controller is not available. {@code pidsLimitHits}
     * counts forks refused at the pids limit.
     */
    record CgroupStats(long cpuUsageUsec, long memoryBytes, long memoryLimit, long memoryPeak, long pids,
                       long pidsLimit, long oomKills, long pidsLimitHits) {
        public static final CgroupStats NONE = new CgroupStats(-1, -1, -1, -1, -1, -1, -1, -1);
    }
}
