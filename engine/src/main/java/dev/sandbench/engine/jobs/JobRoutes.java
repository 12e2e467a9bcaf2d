package dev.sandbench.engine.jobs;

import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;

/** Background jobs: an exec or code run queued, and its status and result. */
public final class JobRoutes {
    private JobRoutes() {}

    public static void register(HttpApi api, JobService jobs) {
        api.post("/v1/sandboxes/{id}/jobs", Doc.of("Queue an exec or code run; answers the job at once (202)").tag("jobs")
                .request(JobRequest.class).response(Job.class).status(202, "Accepted"),
                (ctx, p) -> HttpApi.json(ctx, 202, jobs.submit(p, ctx.pathParam("id"), HttpApi.body(ctx, JobRequest.class))));
        api.get("/v1/jobs/{job_id}", Doc.of("A job's status and, once finished, its result (kept for an hour)").tag("jobs")
                .response(Job.class),
                (ctx, p) -> HttpApi.json(ctx, 200, jobs.get(p, ctx.pathParam("job_id"))));
    }
}
