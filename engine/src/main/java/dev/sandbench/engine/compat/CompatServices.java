package dev.sandbench.engine.compat;

import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.events.EventBus;
import dev.sandbench.engine.exec.CodeService;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.files.FileChanges;
import dev.sandbench.engine.files.FileService;
import dev.sandbench.engine.jobs.JobService;
import dev.sandbench.engine.sandbox.SandboxService;
import dev.sandbench.engine.sessions.SessionService;
import dev.sandbench.engine.store.Database;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * What a compatible API is built from: the shared compat pieces and the engine's own services,
 * which are the only way anything happens in a sandbox (so recording, limits and events apply),
 * and the data directory, where an API keeps a secret of its own (Cloud Sandbox's token key).
 */
public record CompatServices(String version, Path dataDir, CompatRoutes routes, CompatAuth auth, CompatStore store,
                             CompatSandboxes sandboxes, ExecService exec, CodeService code, FileService files,
                             FileChanges fileChanges, JobService jobs, EventBus events, SessionService sessions) {

    /** How long ended sessions and finished jobs of the compatible APIs are kept. */
    public static final Duration RETENTION = Duration.ofDays(30);

    /**
     * The shared pieces over the engine's services. Jobs the last engine run left unfinished are
     * marked failed; ended sessions and finished jobs past {@link #RETENTION} are forgotten.
     */
    public static CompatServices create(String version, Path dataDir, HttpApi api, boolean devMode, Database db,
                                        SandboxService sandboxes, ExecService exec, CodeService code, FileService files,
                                        JobService jobs, EventBus events, SessionService sessions) {
        CompatStore store = new CompatStore(db);
        store.failUnfinishedJobs("the engine restarted while the job was queued or running; its process ended with "
                + "the engine: submit it again");
        store.forgetBefore(Ids.timestamp(Instant.now().minus(RETENTION)));
        return new CompatServices(version, dataDir, new CompatRoutes(api), new CompatAuth(api, devMode), store,
                new CompatSandboxes(sandboxes), exec, code, files, new FileChanges(events, sessions), jobs, events,
                sessions);
    }
}
