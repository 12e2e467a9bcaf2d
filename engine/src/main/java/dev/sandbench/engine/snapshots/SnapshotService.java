package dev.sandbench.engine.snapshots;

import dev.sandbench.engine.core.FileTrees;
import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.events.EventBus;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;
import dev.sandbench.engine.sandbox.SandboxStatus;
import dev.sandbench.engine.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Snapshots of a sandbox's writable state, restore, fork and import. Consistency: a running
 * sandbox is frozen (cgroup freezer) while its directories are archived and thawed right after,
 * so the archive is one instant of the file tree; the pause lasts as long as the archiving.
 * Archives are written to a ".partial" name and renamed once complete and synced: a snapshot
 * interrupted by a crash is never "completed" (it is marked failed at the next start).
 */
public final class SnapshotService implements SandboxService.Provisioner {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);
    static final Duration DOWNLOAD_VALIDITY = Duration.ofMinutes(15);

    private final SnapshotStore store;
    private final SandboxService sandboxes;
    private final EventBus events;
    private final Path dir;
    private final DownloadTokens tokens;

    public SnapshotService(Database db, SandboxService sandboxes, EventBus events, Path dataDir) throws IOException {
        this.store = new SnapshotStore(db);
        this.sandboxes = sandboxes;
        this.events = events;
        this.dir = dataDir.resolve("snapshots");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        this.tokens = new DownloadTokens(secret(dataDir.resolve("download.key")));
        recover();
    }

    private static byte[] secret(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.write(file, java.util.HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return java.util.HexFormat.of().parseHex(Files.readString(file).strip());
    }

    /** Snapshots left pending by a crash are failures, and their partial files go. */
    private void recover() throws IOException {
        for (Snapshot s : store.pending()) {
            store.fail(s.id(), "the engine stopped while the snapshot was being written");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".partial")).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private Path file(Snapshot s) {
        return dir.resolve(s.id() + "." + s.format());
    }

    public Snapshot create(Principal p, String sandboxId, String name, String description, String trigger) {
        SandboxRecord r = sandboxes.get(p, sandboxId);
        if (name != null && name.length() > 200) throw ApiException.badRequest("name must be at most 200 characters");
        if (description != null && description.length() > 2000) throw ApiException.badRequest("description is too long");
        String format = Archives.preferredFormat();
        Snapshot s = new Snapshot(Ids.newId("snap"), r.id(), r.accountId(), name, trigger, "pending", Ids.now(),
                description, null, null, null, format, null);
        store.insert(s);
        Path partial = dir.resolve(s.id() + ".partial");
        RunningSandbox live = r.status().equals(SandboxStatus.RUNNING) ? sandboxes.processes(r.id()) : null;
        long total = Math.max(1, sandboxes.diskBytes(r.id()));
        boolean[] frozen = {freeze(live)};
        try {
            Archives.Written w = Archives.write(sandboxes.stateDirs(r), partial, format, new Archives.Listener() {
                long lastPercent = -1;

                @Override
                public void progress(long bytes) {
                    long pct = Math.min(99, bytes * 100 / total);
                    if (pct >= lastPercent + 10) {
                        lastPercent = pct;
                        events.publish(r.accountId(), "snapshot.progress", r.id(), Map.of("snapshot_id", s.id(), "percent", pct));
                    }
                }

                @Override
                public void filesRead() {
                    // Every file is in the archive stream: the sandbox runs on while it is compressed and synced.
                    thaw(live, frozen[0]);
                    frozen[0] = false;
                }
            });
            Files.move(partial, file(s), StandardCopyOption.ATOMIC_MOVE);
            store.complete(s.id(), w.size(), w.sha256(), Ids.now());
            events.publish(r.accountId(), "snapshot.progress", r.id(), Map.of("snapshot_id", s.id(), "percent", 100));
            sandboxes.logs().append(r.id(), "snapshot", "snapshot " + s.id() + " taken (" + (w.size() >> 10) + " KiB)");
            return store.get(s.id());
        } catch (IOException | RuntimeException e) {
            LOG.warn("snapshot {} failed", s.id(), e);
            store.fail(s.id(), e.getMessage());
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // leave it for the next start
            }
            throw ApiException.insufficientStorage("the snapshot could not be written: " + sandboxes.hidePaths(r, e.getMessage()));
        } finally {
            thaw(live, frozen[0]);
        }
    }

    private static boolean freeze(RunningSandbox live) {
        if (live == null) return false;
        try {
            if (live.cgroup().frozen()) return false; // paused already: consistent as it is
            live.freeze();
            return true;
        } catch (UnsupportedOperationException e) {
            return false; // no freezer: archived live, as consistent as the workload allows
        }
    }

    private static void thaw(RunningSandbox live, boolean frozen) {
        if (live != null && frozen) live.thaw();
    }

    public List<Snapshot> list(Principal p, String sandboxId) {
        SandboxRecord r = sandboxes.get(p, sandboxId);
        return store.bySandbox(r.id());
    }

    /** The completed snapshots of a sandbox of the caller's, destroyed or not, oldest first. */
    public List<Snapshot> history(Principal p, String sandboxId) {
        return store.bySandbox(sandboxId).stream()
                .filter(s -> s.accountId().equals(p.accountId()) && s.status().equals("completed")).toList();
    }

    public Snapshot get(Principal p, String snapshotId) {
        Snapshot s = store.get(snapshotId);
        if (s == null || !s.accountId().equals(p.accountId())) {
            throw ApiException.notFound("snapshot " + snapshotId + " does not exist");
        }
        return s;
    }

    private Snapshot completed(Principal p, String snapshotId) {
        Snapshot s = get(p, snapshotId);
        if (!s.status().equals("completed")) {
            throw ApiException.conflict("snapshot " + snapshotId + " is " + s.status() + (s.error() == null ? "" : ": " + s.error()));
        }
        return s;
    }

    public void delete(Principal p, String snapshotId) {
        Snapshot s = get(p, snapshotId);
        try {
            Files.deleteIfExists(file(s));
        } catch (IOException e) {
            throw ApiException.internal("cannot delete the archive: " + sandboxes.hidePaths(null, e.getMessage()));
        }
        store.delete(s.id());
    }

    /** A URL on this engine that serves the archive without other credentials, for a limited time. */
    public String downloadUrl(Principal p, String snapshotId, String baseUrl) {
        Snapshot s = completed(p, snapshotId);
        long expires = Instant.now().plus(DOWNLOAD_VALIDITY).getEpochSecond();
        return baseUrl + "/v1/snapshots/" + s.id() + "/archive?expires=" + expires + "&signature=" + tokens.sign(s.id(), expires);
    }

    /** The archive for a signed URL; null when the signature is wrong or expired. */
    public Path signedArchive(String snapshotId, String expires, String signature) {
        long exp;
        try {
            exp = Long.parseLong(expires == null ? "" : expires);
        } catch (NumberFormatException e) {
            return null;
        }
        if (!tokens.valid(snapshotId, exp, signature, Instant.now().getEpochSecond())) return null;
        Snapshot s = store.get(snapshotId);
        return s == null || !s.status().equals("completed") ? null : file(s);
    }

    /** The archive of a completed snapshot of the caller's, with its format (for comparisons). */
    Snapshot completedFor(Principal p, String snapshotId) {
        return completed(p, snapshotId);
    }

    Path archiveOf(Snapshot s) {
        return file(s);
    }

    public String format(String snapshotId) {
        Snapshot s = store.get(snapshotId);
        return s == null ? Archives.preferredFormat() : s.format();
    }

    /** Puts the snapshot's files back into its sandbox exactly: added files removed, deleted ones back, modes kept. */
    public Snapshot restore(Principal p, String snapshotId) {
        Snapshot s = completed(p, snapshotId);
        SandboxRecord r = sandboxes.get(p, s.sandboxId());
        restoreInto(p, s.id(), r, sandboxes.processes(r.id()));
        sandboxes.logs().append(r.id(), "snapshot", "restored snapshot " + s.id());
        events.publish(r.accountId(), "files.changed", r.id(), Map.of("action", "restore", "snapshot_id", s.id(),
                "paths", List.of("/workspace", "/home/user", "/tmp"), "source", "api"));
        return s;
    }

    @Override
    public void check(Principal p, String snapshotId) {
        completed(p, snapshotId);
    }

    @Override
    public void restoreInto(Principal p, String snapshotId, SandboxRecord target, RunningSandbox live) {
        Snapshot s = completed(p, snapshotId);
        Path archive = file(s);
        Path staging = sandboxes.scratchDir(target, "restore");
        Path replaced = sandboxes.scratchDir(target, "replaced");
        Runnable release = sandboxes.diskAllowance(target);
        try {
            for (String top : Archives.TOP) Files.createDirectories(staging.resolve(top));
            boolean chown = sandboxes.runtime().separateUids();
            Archives.Extracted x;
            try {
                x = Archives.extract(archive, s.format(), staging, (long) (target.diskGb() * (1L << 30)),
                        chown ? target.hostUid() : -1);
            } catch (Archives.InvalidArchive e) {
                if (e.sha256 != null && !e.sha256.equals(s.checksum())) throw mismatch();
                throw e;
            }
            // Checked before anything is swapped in: what was unpacked is only used if it is what was written.
            if (!x.sha256().equals(s.checksum())) throw mismatch();
            boolean frozen = freeze(live);
            try {
                swapIn(staging, sandboxes.stateDirs(target), replaced);
            } finally {
                thaw(live, frozen);
            }
        } catch (Archives.InvalidArchive e) {
            throw ApiException.unprocessable("snapshot " + s.id() + " cannot be restored: "
                    + sandboxes.hidePaths(target, e.getMessage()));
        } catch (IOException e) {
            throw ApiException.insufficientStorage("restoring snapshot " + s.id() + " failed: "
                    + sandboxes.hidePaths(target, e.getMessage()));
        } finally {
            // What the restore replaced is deleted after the answer, never while the sandbox is frozen
            // (the disk limit counts only the sandbox's own directories; what an engine stop cuts
            // short is deleted at the next start).
            FileTrees.delete(staging);
            CLEANUP.execute(() -> {
                FileTrees.delete(replaced);
                release.run();
            });
        }
    }

    private static final java.util.concurrent.ExecutorService CLEANUP = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "restore-cleanup");
        t.setDaemon(true);
        return t;
    });

    private static Archives.InvalidArchive mismatch() {
        return new Archives.InvalidArchive("the archive no longer matches its checksum");
    }

    /**
     * Replaces the contents of each live directory with the staged one: what is there moves into
     * {@code replaced}, then the staged entries move in (renames on one file system, so the
     * sandbox is frozen for a few renames, not for deleting a tree; the staged files have their
     * owner already).
     */
    private static void swapIn(Path staging, Map<String, Path> live, Path replaced) throws IOException {
        for (Map.Entry<String, Path> d : live.entrySet()) {
            Path target = d.getValue();
            Path old = Files.createDirectories(replaced.resolve(d.getKey()));
            try (Stream<Path> current = Files.list(target)) {
                for (Path child : current.toList()) {
                    Files.move(child, old.resolve(child.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Path src = staging.resolve(d.getKey());
            try (Stream<Path> fresh = Files.list(src)) {
                for (Path child : fresh.toList()) {
                    Files.move(child, target.resolve(child.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(src));
        }
    }

    /** Stores an uploaded archive as a snapshot of a sandbox, after checking it unpacks safely. */
    public Snapshot importArchive(Principal p, String sandboxId, String name, InputStream body) {
        SandboxRecord r = sandboxes.get(p, sandboxId);
        String id = Ids.newId("snap");
        Path partial = dir.resolve(id + ".partial");
        Path check = sandboxes.scratchDir(r, "import");
        Runnable release = sandboxes.diskAllowance(r);
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                body.transferTo(out);
            } catch (IOException e) {
                throw ApiException.badRequest("the upload was interrupted: " + e.getMessage());
            }
            byte[] head = new byte[4];
            try (InputStream in = Files.newInputStream(partial)) {
                int n = in.readNBytes(head, 0, 4);
                if (n < 2) throw new Archives.InvalidArchive("the upload is empty");
            }
            String format = Archives.sniff(head);
            for (String top : Archives.TOP) Files.createDirectories(check.resolve(top));
            Archives.Extracted x = Archives.extract(partial, format, check, (long) (r.diskGb() * (1L << 30)), -1);
            Snapshot s = new Snapshot(id, r.id(), r.accountId(), name, "import", "pending", Ids.now(), null, null, null,
                    null, format, null);
            store.insert(s);
            Files.move(partial, file(s), StandardCopyOption.ATOMIC_MOVE);
            store.complete(id, Files.size(file(s)), x.sha256(), Ids.now());
            return store.get(id);
        } catch (Archives.InvalidArchive e) {
            throw ApiException.unprocessable("the archive was refused: " + sandboxes.hidePaths(r, e.getMessage()));
        } catch (IOException e) {
            throw ApiException.insufficientStorage("the import failed: " + sandboxes.hidePaths(r, e.getMessage()));
        } finally {
            FileTrees.delete(check);
            release.run();
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // cleaned at the next start
            }
        }
    }
}
