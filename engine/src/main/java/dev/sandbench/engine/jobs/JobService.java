package dev.sandbench.engine.jobs;

import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.events.EventBus;
import dev.sandbench.engine.exec.CodeRequest;
import dev.sandbench.engine.exec.CodeResult;
import dev.sandbench.engine.exec.CodeService;
import dev.sandbench.engine.exec.ExecRequest;
import dev.sandbench.engine.exec.ExecResult;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.sandbox.SandboxService;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Background executions. Jobs live in memory: a finished job's result is kept for
 * {@link #RETENTION} (one hour) after it finishes, then forgotten; jobs do not survive an engine
 * restart (their processes would not either).
 */
public final class JobService implements AutoCloseable {
    public static final Duration RETENTION = Duration.ofHours(1);
    private static final int WORKERS = 8;

    private record Owned(String accountId, Job job) {}

    private final SandboxService sandboxes;
    private final ExecService exec;
    private final CodeService code;
    private final EventBus events;
    private final Map<String, Owned> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger threadNo = new AtomicInteger();
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> {
        Thread t = new Thread(r, "job-" + threadNo.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public JobService(SandboxService sandboxes, ExecService exec, CodeService code, EventBus events) {
        this.sandboxes = sandboxes;
        this.exec = exec;
        this.code = code;
        this.events = events;
    }

    public Job submit(Principal p, String sandboxId, JobRequest req) {
        String type = req.type() == null ? (req.language() != null ? "code" : "exec") : req.type();
        if (!type.equals("exec") && !type.equals("code")) {
            throw ApiException.badRequest("job 'type' must be 'exec' or 'code', got '" + type + "'");
        }
        sandboxes.get(p, sandboxId);
        if (type.equals("exec") && (req.command() == null || req.command().isBlank())) {
            throw ApiException.badRequest("an exec job needs 'command'");
        }
        if (type.equals("code") && (req.language() == null || req.code() == null)) {
            throw ApiException.badRequest("a code job needs 'language' and 'code'");
        }
        purge();
        Job job = new Job(Ids.newId("job"), sandboxId, type, "queued", Ids.now(), null, null, null, null, null);
        jobs.put(job.id(), new Owned(p.accountId(), job));
        workers.execute(() -> run(p, job, req));
        return job;
    }

    private void run(Principal p, Job queued, JobRequest req) {
        String started = Ids.now();
        update(p, new Job(queued.id(), queued.sandboxId(), queued.type(), "running", queued.createdAt(), started,
                null, null, null, null));
        Object result = null;
        String status;
        String error = null;
        try {
            if (queued.type().equals("exec")) {
                ExecResult r = exec.exec(p, queued.sandboxId(), new ExecRequest(req.command(), req.cwd(), req.env(),
                        req.timeoutMs(), req.stdin(), req.sessionId()));
                result = r;
                status = r.timedOut() ? "timeout" : "completed";
            } else {
                CodeResult r = code.run(p, queued.sandboxId(), new CodeRequest(req.language(), req.code(), req.persistent(),
                        req.timeoutMs(), req.env()));
                result = r;
                status = r.timedOut() ? "timeout" : "completed";
            }
        } catch (ApiException e) {
            status = "failed";
            error = e.detail();
        } catch (RuntimeException e) {
            status = "failed";
            error = "the job failed in the engine: " + e.getMessage();
        }
        Instant finished = Instant.now();
        Job done = new Job(queued.id(), queued.sandboxId(), queued.type(), status, queued.createdAt(), started,
                Ids.timestamp(finished), result, error, Ids.timestamp(finished.plus(RETENTION)));
        update(p, done);
        events.publish(p.accountId(), "job.completed", done.sandboxId(), Map.of("job_id", done.id(), "status", status));
    }

    private void update(Principal p, Job job) {
        jobs.put(job.id(), new Owned(p.accountId(), job));
    }

    public Job get(Principal p, String jobId) {
        Owned o = jobs.get(jobId);
        if (o == null || !o.accountId().equals(p.accountId())) {
            throw ApiException.notFound("job " + jobId + " does not exist (finished jobs are kept for "
                    + RETENTION.toMinutes() + " minutes)");
        }
        return o.job();
    }

    private void purge() {
        String now = Ids.now();
        jobs.values().removeIf(o -> o.job().expiresAt() != null && o.job().expiresAt().compareTo(now) < 0);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
