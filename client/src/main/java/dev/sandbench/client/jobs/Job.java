package dev.sandbench.client.jobs;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A background execution. {@code result} holds the exec or code result once finished; read it
 * with {@code EngineHttp.MAPPER.treeToValue(job.result(), ExecResult.class)} or the helpers.
 */
public record Job(String id, String sandboxId, String type, JobStatus status, Instant createdAt, Instant startedAt,
                  Instant finishedAt, JsonNode result, String error, Instant expiresAt) {

    public boolean finished() {
        return status == JobStatus.COMPLETED || status == JobStatus.FAILED || status == JobStatus.TIMEOUT;
    }
}
