package dev.sandbench.engine.files;

import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.events.EventBus;
import dev.sandbench.engine.sessions.SessionService;

import java.util.List;
import java.util.Map;

/**
 * Files changed through an API (this one, or a compatible API's): announced on the live event
 * stream as {@code files.changed} and recorded in the sandbox's session, so a replay shows them.
 */
public final class FileChanges {
    private final EventBus events;
    private final SessionService sessions;

    public FileChanges(EventBus events, SessionService sessions) {
        this.events = events;
        this.sessions = sessions;
    }

    /** {@code action}: write, delete, mkdir, or move (paths: from, to). */
    public void changed(Principal p, String sandboxId, String action, List<String> paths) {
        events.publish(p.accountId(), "files.changed", sandboxId, Map.of("action", action, "paths", paths, "source", "api"));
        if (action.equals("move")) {
            // One event: where it went, and where from (so a replay can redo it).
            sessions.record(p.accountId(), sandboxId, "file_move", Map.of("path", paths.get(1), "from", paths.get(0)));
        } else if (!action.equals("write-text")) {
            for (String path : paths) {
                sessions.record(p.accountId(), sandboxId, "file_" + action, Map.of("path", path));
            }
        }
    }
}
