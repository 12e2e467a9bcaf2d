package dev.sandbench.engine.compat.cage;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.compat.CompatApi;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.CompatStore;
import dev.sandbench.engine.events.EngineEvent;
import dev.sandbench.engine.exec.CodeResult;
import dev.sandbench.engine.jobs.Job;
import dev.sandbench.engine.jobs.JobRequest;
import dev.sandbench.engine.jobs.JobService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.UUID;

/**
 * CAGE's async jobs, run by the engine's {@link JobService}. The engine keeps jobs in memory;
 * CAGE's job and, once it finishes, its result are written to the compat store (on the engine's
 * {@code job.completed} event), so a result can be fetched after an engine restart. A job that
 * was still queued or running at a restart reads as failed.
 */
final class CageJobs {
    private static final Logger LOG = LoggerFactory.getLogger(CageJobs.class);

    private final JobService jobs;
    private final CompatStore store;
    private final CageSessions sessions;
    private final CageExec exec;

    CageJobs(JobService jobs, CompatStore store, CageSessions sessions, CageExec exec) {
        this.jobs = jobs;
        this.store = store;
        this.sessions = sessions;
        this.exec = exec;
    }

    CageWire.CageAsyncJob submit(CompatIdentity who, CageExec.Run run) {
        String sandboxId = sessions.runningSandbox(who);
        Job job = jobs.submit(who.principal(), sandboxId, new JobRequest("code", null, null, run.env(), run.timeoutMs(),
                null, null, run.language(), run.code(), false));
        String id = UUID.randomUUID().toString();
        store.insertJob(CompatApi.CAGE, id, who, sandboxId, job.id());
        return new CageWire.CageAsyncJob(id, "queued", "/api/v1/jobs/" + id);
    }

    /** The user's job: 404 for another user's or an unknown id. */
    CageWire.CageJobStatus get(CompatIdentity who, String id) {
        CompatStore.Job row = store.job(CompatApi.CAGE, id);
        if (row == null || !row.accountId().equals(who.accountId()) || !row.userId().equals(who.user())) {
            throw ApiException.notFound("Job " + id + " not found");
        }
        if (row.status().equals("queued") || row.status().equals("running")) {
            row = refresh(row);
        }
        return status(row);
    }

    /** Takes a finished engine job's result into the store (from the event bus, on the job's thread). */
    void onEvent(String accountId, EngineEvent e) {
        if (!e.type().equals("job.completed") || !(e.data().get("job_id") instanceof String engineJobId)) return;
        CompatStore.Job row = store.jobByEngineId(engineJobId);
        if (row == null || row.api() != CompatApi.CAGE) return;
        try {
            refresh(row);
        } catch (RuntimeException ex) {
            LOG.warn("could not store the result of CAGE job {}: {}", row.id(), ex.getMessage());
        }
    }

    /** The row brought up to date with the engine's job while the engine still holds it. */
    private synchronized CompatStore.Job refresh(CompatStore.Job row) {
        Job job;
        try {
            job = jobs.get(new Principal(row.accountId(), "compat-jobs", false), row.engineJobId());
        } catch (ApiException gone) {
            return row;
        }
        Object result = null;
        if (job.result() instanceof CodeResult r) {
            Instant start = job.startedAt() == null ? Instant.parse(job.createdAt()) : Instant.parse(job.startedAt());
            result = exec.response(new Principal(row.accountId(), "compat-jobs", false), row.sandboxId(), r, start, null);
        }
        store.updateJob(row, job.status(), result, job.error(), job.startedAt(), job.finishedAt());
        return store.job(CompatApi.CAGE, row.id());
    }

    private static CageWire.CageJobStatus status(CompatStore.Job row) {
        CageWire.CageExecuteResponse result = null;
        if (row.result() != null) {
            try {
                result = Json.MAPPER.treeToValue(row.result(), CageWire.CageExecuteResponse.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored CAGE job result is unreadable", e);
            }
        }
        return new CageWire.CageJobStatus(row.id(), row.status(), result, row.queuedAt(), row.startedAt(), row.completedAt(),
                row.error());
    }
}
