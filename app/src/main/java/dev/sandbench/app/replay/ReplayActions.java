package dev.sandbench.app.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.app.explorer.ExplorerViewModel;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.sessions.TravelPlan;
import dev.sandbench.client.sessions.TravelResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What a replay can do beyond playing: time travel (restore the sandbox to a point, fork a new
 * sandbox from it) and export (JSON, asciinema cast). A replay opened from a file has no engine:
 * it can only export its JSON again.
 */
public final class ReplayActions {
    private final UiExecutor ui;
    private final Notifier notifier;
    private final SandbenchClient client;
    private final String sessionId;
    private final ExplorerViewModel explorer;
    private final JsonNode offlineDocument;

    private ReplayActions(UiExecutor ui, Notifier notifier, SandbenchClient client, String sessionId,
                          ExplorerViewModel explorer, JsonNode offlineDocument) {
        this.ui = ui;
        this.notifier = notifier;
        this.client = client;
        this.sessionId = sessionId;
        this.explorer = explorer;
        this.offlineDocument = offlineDocument;
    }

    public static ReplayActions online(UiExecutor ui, Notifier notifier, SandbenchClient client, String sessionId,
                                       ExplorerViewModel explorer) {
        return new ReplayActions(ui, notifier, client, sessionId, explorer, null);
    }

    public static ReplayActions offline(UiExecutor ui, Notifier notifier, JsonNode document) {
        return new ReplayActions(ui, notifier, null, null, null, document);
    }

    /** Whether the session is on an engine (time travel and cast export need one). */
    public boolean online() {
        return client != null;
    }

    public void plan(String eventId, Consumer<TravelPlan> done) {
        ui.run("plan time travel", () -> client.sessions().travelPlan(sessionId, eventId), done,
                e -> notifier.error("Cannot go back to this point", e));
    }

    /** Forks a new sandbox as it was at the event; the explorer shows and selects it. */
    public void fork(String eventId, Consumer<TravelResult> done) {
        ui.run("fork from a replay", () -> client.sessions().forkAt(sessionId, eventId), r -> {
            explorer.adopt(r.sandbox());
            notifier.success("Forked from the replay", r.sandbox().id() + " has the files as they were ("
                    + r.applied() + " recorded change" + (r.applied() == 1 ? "" : "s") + " applied"
                    + (r.plan().baseSnapshotId() == null ? ", from a fresh sandbox" : " after snapshot " + r.plan().baseSnapshotId())
                    + ")");
            done.accept(r);
        }, e -> notifier.error("Could not fork from this point", e));
    }

    public void restore(String eventId, Consumer<TravelResult> done) {
        ui.run("restore from a replay", () -> client.sessions().restoreTo(sessionId, eventId), r -> {
            notifier.success("Sandbox restored", r.sandbox().id() + " is back at the chosen point ("
                    + r.applied() + " recorded change" + (r.applied() == 1 ? "" : "s") + " after snapshot "
                    + r.plan().baseSnapshotId() + ")");
            done.accept(r);
        }, e -> notifier.error("Could not restore to this point", e));
    }

    public void exportJson(Path file, Runnable done) {
        ui.run("export session", () -> {
            SessionFile.write(online() ? client.sessions().exportJson(sessionId) : offlineDocument, file);
            return file;
        }, f -> {
            notifier.success("Session exported", f.toString());
            done.run();
        }, e -> notifier.error("Could not export the session", e));
    }

    public void exportCast(Path file, String terminalId, Runnable done) {
        ui.run("export cast", () -> {
            Files.writeString(file, client.sessions().exportCast(sessionId, terminalId));
            return file;
        }, f -> {
            notifier.success("Terminal exported", f + " (play it with: asciinema play " + f.getFileName() + ")");
            done.run();
        }, e -> notifier.error("Could not export the terminal", e));
    }
}
