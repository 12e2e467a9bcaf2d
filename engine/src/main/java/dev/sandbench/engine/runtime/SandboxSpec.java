package dev.sandbench.engine.runtime;

import java.nio.file.Path;

/**
 * What the runtime needs to start one sandbox.
 *
 * @param hostUid     the host uid the sandbox's processes and files map to (sandbox uid 1000)
 * @param root        the sandbox's directory under the data dir (workspace, home, tmp, shm below it)
 * @param capFileSize whether every process of the sandbox gets RLIMIT_FSIZE = the disk limit
 *                    (where the limit is measured: no single file outgrows it; docs/decisions/0015)
 */
public record SandboxSpec(String id, Path root, int hostUid, boolean fullNetwork, Limits limits, Path workspace,
                          boolean capFileSize) {
    /** A sandbox whose workspace is its own (under its root). */
    public SandboxSpec(String id, Path root, int hostUid, boolean fullNetwork, Limits limits, boolean capFileSize) {
        this(id, root, hostUid, fullNetwork, limits, root.resolve("workspace"), capFileSize);
    }

    public Path home() { return root.resolve("home"); }
    public Path tmp() { return root.resolve("tmp"); }
    /** Backs /dev/shm: on disk under the disk limit, not in memory the sandbox's init shares. */
    public Path shm() { return root.resolve("shm"); }
    public Path runtimeLog() { return root.resolve("runtime.log"); }

    /** RLIMIT_FSIZE for every process of the sandbox, or 0 for none. */
    public long fileSizeLimit() {
        return capFileSize ? limits.diskBytes() : 0;
    }
}
