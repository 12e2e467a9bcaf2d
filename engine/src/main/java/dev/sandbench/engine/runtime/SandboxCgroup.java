package dev.sandbench.engine.runtime;

import java.util.List;

/** The cgroup (or cgroups, on v1) that hold one sandbox's processes and limits. */
public interface SandboxCgroup extends AutoCloseable {
    /** Files a launcher writes its pid into before it execs, so everything it starts is inside. */
    List<String> procsFiles();

    /**
     * Where the sandbox's init (and the bwrap processes above it) go: outside the memory cgroup
     * that limits the sandbox's commands where the host allows it ({@link #separatesInit()}), so
     * the OOM killer of that cgroup can never pick the init, whatever fills it.
     */
    default List<String> initProcsFiles() {
        return procsFiles();
    }

    /** Whether {@link #initProcsFiles()} keeps the init out of the commands' memory cgroup. */
    default boolean separatesInit() {
        return false;
    }

    /**
     * Moves a process the init forked into the commands' cgroups (before it execs anything);
     * false when it could not be moved.
     */
    default boolean admit(long hostPid) {
        return true;
    }

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
