package dev.sandbench.engine.snapshots;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The difference between two states of a sandbox's files: a snapshot and the sandbox as it is
 * now, or two snapshots. {@code changes} are sorted by path; a path whose type changed counts as
 * modified.
 */
public record SnapshotDiff(String from, String to, int added, int modified, int deleted, List<Change> changes) {
    /** {@code change} is added, modified or deleted; sizes are null where the side has no such file. */
    public record Change(String path, String change, String type, Long sizeBefore, Long sizeAfter, boolean modeChanged) {}

    static SnapshotDiff between(String from, Manifest before, String to, Manifest after) {
        List<Change> changes = new ArrayList<>();
        int[] counts = new int[3];
        TreeSet<String> paths = new TreeSet<>(before.entries().keySet());
        paths.addAll(after.entries().keySet());
        Map<String, Manifest.Entry> a = before.entries();
        Map<String, Manifest.Entry> b = after.entries();
        for (String path : paths) {
            Manifest.Entry x = a.get(path);
            Manifest.Entry y = b.get(path);
            if (x == null) {
                counts[0]++;
                changes.add(new Change(path, "added", y.type(), null, size(y), false));
            } else if (y == null) {
                counts[2]++;
                changes.add(new Change(path, "deleted", x.type(), size(x), null, false));
            } else if (!x.type().equals(y.type()) || !Objects.equals(x.hash(), y.hash()) || x.mode() != y.mode()) {
                if (x.type().equals("dir") && y.type().equals("dir") && x.mode() == y.mode()) continue;
                counts[1]++;
                changes.add(new Change(path, "modified", y.type(), size(x), size(y), x.mode() != y.mode()));
            }
        }
        return new SnapshotDiff(from, to, counts[0], counts[1], counts[2], changes);
    }

    private static Long size(Manifest.Entry e) {
        return e.type().equals("file") ? e.size() : null;
    }
}
