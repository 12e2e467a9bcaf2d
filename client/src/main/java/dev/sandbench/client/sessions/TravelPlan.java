package dev.sandbench.client.sessions;

import java.util.List;

/**
 * How a session's sandbox files are rebuilt at a point: the newest snapshot at or before it (null:
 * a fresh sandbox), then the recorded file changes after it. {@code skipped} changes cannot be
 * replayed; {@code unrecorded} counts commands, code runs and terminals in between whose effects
 * on files were not recorded; {@code exact} when neither applies and there is a base snapshot.
 */
public record TravelPlan(String sessionId, String sandboxId, String at, String eventId, String baseSnapshotId,
                         String baseSnapshotAt, List<Step> steps, List<Skipped> skipped, int unrecorded, boolean exact) {
    /** write, delete, mkdir or move (from -> path). */
    public record Step(String eventId, String timestamp, String action, String path, String from) {}

    public record Skipped(String eventId, String timestamp, String path, String reason) {}
}
