package dev.sandbench.client.jobs;

import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.SandbenchTimeoutException;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.Request;

import java.time.Duration;

import static dev.sandbench.client.http.EngineHttp.seg;

/** Background executions: submit now, collect the result later (from any client of the account). */
public final class JobsClient {
    private final EngineHttp http;

    public JobsClient(EngineHttp http) {
        this.http = http;
    }

    @ApiRoute("POST /v1/sandboxes/{id}/jobs")
    public Job submit(String sandboxId, JobRequest request) {
        return http.call(new Request.Builder().url(http.url("/v1/sandboxes/" + seg(sandboxId) + "/jobs"))
                .post(http.json(request)).build(), Job.class);
    }

    @ApiRoute("GET /v1/jobs/{job_id}")
    public Job get(String jobId) {
        return http.call(new Request.Builder().url(http.url("/v1/jobs/" + seg(jobId))).get().build(), Job.class);
    }

    /** Polls until the job finishes or {@code timeout} passes. */
    public Job await(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 20;
        while (true) {
            Job j = get(jobId);
            if (j.finished()) return j;
            if (System.nanoTime() > deadline) {
                throw new SandbenchTimeoutException("job " + jobId + " did not finish within " + timeout, null);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandbenchTimeoutException("interrupted while waiting for job " + jobId, e);
            }
            pause = Math.min(500, pause * 2);
        }
    }
}
