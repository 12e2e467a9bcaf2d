package dev.sandbench.client.snapshots;

import java.util.List;

/**
 * What changed between a snapshot ({@code from}) and its sandbox now ({@code to} = "current") or
 * another snapshot. {@code changes} are sorted by path.
 */
public record SnapshotDiff(String from, String to, int added, int modified, int deleted, List<Change> changes) {
    /** {@code change}: added, modified or deleted; {@code type}: file, dir or link; sizes null where absent. */
    public record Change(String path, String change, String type, Long sizeBefore, Long sizeAfter, boolean modeChanged) {}
}
