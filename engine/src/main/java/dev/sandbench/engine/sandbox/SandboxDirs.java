package dev.sandbench.engine.sandbox;

import dev.sandbench.engine.core.FileTrees;
import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a sandbox's files are on the host, how they are made and measured, and how their paths
 * are told: {@code sandboxes/<runtime id>/{workspace,home,tmp,shm}} (a volume with a kernel disk
 * limit where the storage has them, docs/decisions/0015), named workspaces beside, and the
 * engine's scratch work ({@value #SCRATCH_PREFIX}*) in the sandbox's directory outside its mounts.
 */
final class SandboxDirs {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxDirs.class);
    static final String SCRATCH_PREFIX = ".scratch-";

    private final Path sandboxesDir;
    private final Path dataDir;
    private final Storage storage;
    private final boolean separateUids;

    SandboxDirs(Path sandboxesDir, Path dataDir, Storage storage, boolean separateUids) {
        this.sandboxesDir = sandboxesDir;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.storage = storage;
        this.separateUids = separateUids;
    }

    Path sandboxesDir() {
        return sandboxesDir;
    }

    Path dirOf(SandboxRecord r) {
        return sandboxesDir.resolve(r.runtimeName());
    }

    /** The host directory mounted at /workspace: the sandbox's own, or its named workspace. */
    Path workspaceDir(SandboxRecord r) {
        return r.workspaceId() == null ? dirOf(r).resolve("workspace") : namedWorkspace(r.accountId(), r.workspaceId());
    }

    Path namedWorkspace(String accountId, String workspaceId) {
        return sandboxesDir.resolveSibling("workspaces").resolve(accountId).resolve(workspaceId);
    }

    /** The host directories of a sandbox's writable state, by the name they have inside (workspace, home, tmp). */
    Map<String, Path> stateDirs(SandboxRecord r) {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put("workspace", workspaceDir(r));
        m.put("home", dirOf(r).resolve("home"));
        m.put("tmp", dirOf(r).resolve("tmp"));
        return m;
    }

    /**
     * A new name for the engine's scratch work on a sandbox (a restore's staging, the files it
     * replaced, an import's check), in the sandbox's directory outside its mounts: on the file
     * system (and volume) of its files, so they move in and out by renames. The caller deletes it;
     * what a crash leaves is deleted at the next start.
     */
    Path scratchDir(SandboxRecord r, String purpose) {
        return dirOf(r).resolve(SCRATCH_PREFIX + purpose + "-" + Ids.random(8));
    }

    /** Whether the kernel holds this sandbox to its disk limit. */
    boolean kernelLimited(SandboxRecord r) {
        return storage.isVolume(dirOf(r));
    }

    /**
     * A message about a sandbox's files with the host's paths taken out, for an answer or a log
     * the API shows: its directories become the paths they have inside (/workspace, ...), the
     * engine's scratch work the names in the archive being checked (workspace/...), and anything
     * else in the data directory a neutral phrase. Where the engine keeps things is the host's business.
     */
    String hidePaths(SandboxRecord r, String message) {
        if (message == null) return null;
        String m = message;
        if (r != null) {
            Path dir = dirOf(r);
            m = m.replaceAll(java.util.regex.Pattern.quote(dir + "/" + SCRATCH_PREFIX) + "[^/\\s]*/", "");
            Map<String, Path> inside = new LinkedHashMap<>();
            inside.put("/workspace", workspaceDir(r));
            inside.put("/home/user", dir.resolve("home"));
            inside.put("/tmp", dir.resolve("tmp"));
            inside.put("/dev/shm", dir.resolve("shm"));
            for (Map.Entry<String, Path> e : inside.entrySet()) {
                m = m.replace(e.getValue().toString(), e.getKey());
            }
            m = m.replace(dir.toString(), "(the sandbox's storage)");
        }
        return m.replace(dataDir.toString(), "(the engine's data directory)");
    }

    /** Makes (or finds) a sandbox's directories, with its disk limit where the kernel holds it. */
    void prepare(SandboxRecord r, long diskBytes) throws IOException {
        // A named workspace is a directory outside the sandbox's: the restore that renames between
        // them needs both on one volume, so such a sandbox keeps a measured limit (docs/decisions/0015).
        prepare(dirOf(r), r.hostUid(), r.workspaceId() == null, diskBytes);
        if (r.workspaceId() != null) {
            Path ws = workspaceDir(r);
            Files.createDirectories(ws.getParent());
            Files.setPosixFilePermissions(ws.getParent().getParent(), PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(ws.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
            if (!Files.exists(ws)) {
                Files.createDirectory(ws);
                Files.setPosixFilePermissions(ws, PosixFilePermissions.fromString("rwxr-xr-x"));
                if (separateUids) {
                    Files.setAttribute(ws, "unix:uid", r.hostUid());
                    Files.setAttribute(ws, "unix:gid", r.hostUid());
                }
            }
        }
    }

    /** A sandbox directory by its path (a warm sandbox has no record yet). */
    void prepare(Path root, int hostUid, boolean volume, long diskBytes) throws IOException {
        if (volume) storage.createVolume(root);
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        for (String sub : List.of("workspace", "home", "tmp", "shm")) {
            Path d = root.resolve(sub);
            Files.createDirectories(d);
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (separateUids) {
                Files.setAttribute(d, "unix:uid", hostUid);
                Files.setAttribute(d, "unix:gid", hostUid);
            }
        }
        if (storage.isVolume(root)) storage.limit(root, diskBytes);
    }

    /** Sets a sandbox's kernel disk limit (a warm sandbox taking on a request's), where it has one. */
    void limit(SandboxRecord r, long diskBytes) throws IOException {
        if (kernelLimited(r)) storage.limit(dirOf(r), diskBytes);
    }

    /**
     * What the sandbox holds where its limit is measured: its workspace, home, tmp and shm (not the
     * engine's scratch work beside them), and files it deleted but keeps open.
     *
     * @param initPid the sandbox's init, or -1 when it is not running
     */
    long measure(SandboxRecord r, long initPid) {
        long used = 0;
        for (Path d : stateDirs(r).values()) used += FileTrees.size(d);
        used += FileTrees.size(dirOf(r).resolve("shm"));
        if (initPid > 0) used += HeldFiles.deletedButOpen(initPid);
        return used;
    }

    /**
     * Room for the engine's own staging in a sandbox's volume while it restores or imports an
     * archive (the staged files and those they replace are both there until the swap): the limit
     * is doubled until the returned handle runs, after the replaced files are gone.
     */
    Runnable diskAllowance(SandboxRecord r, long quota) {
        Path dir = dirOf(r);
        if (!storage.isVolume(dir)) return () -> { };
        try {
            storage.limit(dir, 2 * quota);
        } catch (IOException e) {
            LOG.warn("could not make room for a restore in {}: {}", r.id(), e.getMessage());
        }
        return () -> {
            try {
                storage.limit(dir, quota);
            } catch (IOException e) {
                LOG.warn("could not set the disk limit of {} back: {}", r.id(), e.getMessage());
            }
        };
    }

    /** Directories no sandbox owns any more (warm sandboxes of an earlier run, half-made creates), and scratch a crash cut off. */
    void removeOrphans(Set<String> live) {
        try (java.util.stream.Stream<Path> dirs = Files.list(sandboxesDir)) {
            for (Path d : dirs.toList()) {
                if (!live.contains(d.getFileName().toString())) FileTrees.delete(d);
                else removeScratch(d);
            }
        } catch (IOException e) {
            LOG.warn("could not list {}: {}", sandboxesDir, e.getMessage());
        }
    }

    /** Scratch work a crash cut off (a restore's staging or the files it was replacing, an import's check). */
    private static void removeScratch(Path sandboxDir) {
        try (java.util.stream.Stream<Path> entries = Files.list(sandboxDir)) {
            for (Path e : entries.toList()) {
                String name = e.getFileName().toString();
                // .restore- and .import- are the names earlier engines gave the same work.
                if (name.startsWith(SCRATCH_PREFIX) || name.startsWith(".restore-") || name.startsWith(".import-")) {
                    LOG.info("removing {}, left by a restore or import the engine's stop cut off", e);
                    FileTrees.delete(e);
                }
            }
        } catch (IOException e) {
            LOG.warn("could not list {}: {}", sandboxDir, e.getMessage());
        }
    }
}
