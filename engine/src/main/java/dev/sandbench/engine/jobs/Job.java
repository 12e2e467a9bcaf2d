package dev.sandbench.engine.jobs;

/**
 * A background execution. {@code status}: queued, running, completed (it ran; see the result's
 * exit code), failed (it could not run: {@code error}), timeout. {@code result} is the exec or
 * code result once finished.
 */
public record Job(String id, String sandboxId, String type, String status, String createdAt, String startedAt,
                  String finishedAt, Object result, String error, String expiresAt) {}
