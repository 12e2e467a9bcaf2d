package dev.sandbench.engine.mcp;

import dev.sandbench.engine.snapshots.Snapshot;
import dev.sandbench.engine.snapshots.SnapshotService;

import java.util.List;

import static dev.sandbench.engine.mcp.Param.Type.STRING;

/** Snapshots of this sandbox: a safe point before risky changes, and the way back to it. */
final class SnapshotTools {
    private final SnapshotService snapshots;

    SnapshotTools(SnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    List<Tool> tools() {
        return List.of(
                new Tool("create_snapshot", "Take a snapshot",
                        "Save the sandbox's files (/workspace, /home/user, /tmp) as a snapshot, to return to with "
                                + "restore_snapshot. Take one before a risky change. Running processes are not saved.",
                        List.of(Param.optional("name", STRING, "A short name, e.g. 'before-refactor'."),
                                Param.optional("description", STRING, "What state the files are in.")),
                        false, false, (c, a) -> {
                            Snapshot s = snapshots.create(c.principal(), c.sandboxId(), a.string("name"),
                                    a.string("description"), "manual");
                            return ToolResult.ok("snapshot " + s.id() + (s.name() == null ? "" : " '" + s.name() + "'")
                                    + " taken (" + s.sizeBytes() + " bytes); restore it with restore_snapshot");
                        }),
                new Tool("list_snapshots", "List snapshots",
                        "List this sandbox's snapshots, oldest first: id, name, status, time and size.",
                        List.of(), true, false, (c, a) -> {
                            List<Snapshot> all = snapshots.list(c.principal(), c.sandboxId());
                            if (all.isEmpty()) return ToolResult.ok("no snapshots yet; take one with create_snapshot");
                            StringBuilder out = new StringBuilder();
                            for (Snapshot s : all) {
                                out.append(s.id()).append("  ").append(s.name() == null ? "-" : s.name()).append("  ")
                                        .append(s.status()).append("  ").append(s.createdAt())
                                        .append(s.sizeBytes() == null ? "" : "  " + s.sizeBytes() + " bytes").append('\n');
                            }
                            return ToolResult.ok(out.toString());
                        }),
                new Tool("restore_snapshot", "Restore a snapshot",
                        "Put the sandbox's files back exactly as they were in a snapshot: files created since are "
                                + "removed, deleted ones come back. Running processes keep running.",
                        List.of(Param.required("snapshot_id", STRING, "The snapshot's id (from create_snapshot or "
                                + "list_snapshots).")),
                        false, true, (c, a) -> {
                            Snapshot s = snapshots.get(c.principal(), a.string("snapshot_id"));
                            if (!s.sandboxId().equals(c.sandboxId())) {
                                return ToolResult.error("snapshot " + s.id() + " belongs to another sandbox; this "
                                        + "server restores only its own sandbox's snapshots");
                            }
                            snapshots.restore(c.principal(), s.id());
                            return ToolResult.ok("restored snapshot " + s.id() + (s.name() == null ? "" : " '"
                                    + s.name() + "'"));
                        }));
    }
}
