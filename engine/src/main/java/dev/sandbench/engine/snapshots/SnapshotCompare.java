package dev.sandbench.engine.snapshots;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compares a snapshot with its sandbox as it is now or with another snapshot, and reads single
 * files out of a snapshot (for text diffs). Manifests of archives are cached by snapshot id and
 * checksum: an archive never changes once completed.
 */
public final class SnapshotCompare {
    /** The largest file returned as text, as for the files API. */
    public static final long MAX_TEXT_BYTES = 10L * 1024 * 1024;
    private static final int CACHED = 16;
    private final SnapshotService snapshots;
    private final SandboxService sandboxes;
    private final Map<String, Manifest> cache = new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Manifest> eldest) {
            return size() > CACHED;
        }
    };

    public SnapshotCompare(SnapshotService snapshots, SandboxService sandboxes) {
        this.snapshots = snapshots;
        this.sandboxes = sandboxes;
    }

    /** {@code against}: "current" (or null) for the sandbox now, or another snapshot's id. */
    public SnapshotDiff diff(Principal p, String snapshotId, String against) {
        Snapshot s = snapshots.completedFor(p, snapshotId);
        Manifest before = manifest(s);
        if (against == null || against.isBlank() || against.equals("current")) {
            SandboxRecord r = sandboxes.get(p, s.sandboxId());
            try {
                return SnapshotDiff.between(s.id(), before, "current", Manifest.ofTree(sandboxes.stateDirs(r)));
            } catch (IOException e) {
                throw ApiException.internal("cannot read the sandbox's files: " + sandboxes.hidePaths(r, e.getMessage()));
            }
        }
        Snapshot other = snapshots.completedFor(p, against);
        return SnapshotDiff.between(s.id(), before, other.id(), manifest(other));
    }

    /** A UTF-8 text file as it is in the snapshot. */
    public String text(Principal p, String snapshotId, String path) {
        Snapshot s = snapshots.completedFor(p, snapshotId);
        byte[] bytes;
        try {
            bytes = Manifest.fileContent(snapshots.archiveOf(s), s.format(), path, MAX_TEXT_BYTES);
        } catch (Manifest.TooLarge e) {
            throw ApiException.unprocessable(path + " has " + e.size + " bytes; text is returned up to "
                    + (MAX_TEXT_BYTES >> 20) + " MiB");
        } catch (IOException e) {
            throw ApiException.unprocessable("snapshot " + s.id() + " cannot be read: " + sandboxes.hidePaths(null, e.getMessage()));
        }
        if (bytes == null) throw ApiException.notFound(path + " is not a file in snapshot " + s.id());
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.unprocessable(path + " is not UTF-8 text (a binary file)");
        }
    }

    private Manifest manifest(Snapshot s) {
        String key = s.id() + ":" + s.checksum();
        synchronized (cache) {
            Manifest m = cache.get(key);
            if (m != null) return m;
        }
        Manifest m;
        try {
            m = Manifest.ofArchive(snapshots.archiveOf(s), s.format());
        } catch (IOException e) {
            throw ApiException.unprocessable("snapshot " + s.id() + " cannot be read: " + sandboxes.hidePaths(null, e.getMessage()));
        }
        synchronized (cache) {
            cache.put(key, m);
        }
        return m;
    }
}
