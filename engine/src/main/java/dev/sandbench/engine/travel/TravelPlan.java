package dev.sandbench.engine.travel;

import java.util.List;

/**
 * How a sandbox's files are rebuilt as they were at a point of a session: the newest snapshot at
 * or before the point ({@code baseSnapshotId}, null when there is none and a fresh sandbox is the
 * base), then the recorded file changes after it, in order. {@code skipped} are changes that
 * cannot be replayed (content not recorded), {@code unrecorded} the commands, code runs and
 * terminal sessions between the base and the point whose effects on files were not recorded
 * file by file; both tell the user how exact the result is.
 */
public record TravelPlan(String sessionId, String sandboxId, String at, String eventId, String baseSnapshotId,
                         String baseSnapshotAt, List<Step> steps, List<Skipped> skipped, int unrecorded, boolean exact) {
    /** One change to apply: write (with text), delete, mkdir, or move (from -> path). */
    public record Step(String eventId, String timestamp, String action, String path, String from) {}

    /** A change that cannot be replayed, with the reason. */
    public record Skipped(String eventId, String timestamp, String path, String reason) {}
}
