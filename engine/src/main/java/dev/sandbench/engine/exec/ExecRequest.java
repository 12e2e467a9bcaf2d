package dev.sandbench.engine.exec;

import java.util.Map;

/**
 * Body of {@code POST /v1/sandboxes/{id}/exec} (and its streaming and job forms). With
 * {@code session_id} the command runs in a named, long-lived shell of the sandbox, so a later
 * command sees the {@code cd} and {@code export} of an earlier one.
 */
public record ExecRequest(String command, String cwd, Map<String, String> env, Long timeoutMs, String stdin,
                          String sessionId) {}
