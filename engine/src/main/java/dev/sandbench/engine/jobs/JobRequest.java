package dev.sandbench.engine.jobs;

import java.util.Map;

/**
 * Body of {@code POST /v1/sandboxes/{id}/jobs}: an exec ({@code type: "exec"}, the exec fields)
 * or a code run ({@code type: "code"}, the code fields) to run in the background.
 */
public record JobRequest(String type, String command, String cwd, Map<String, String> env, Long timeoutMs,
                         String stdin, String sessionId, String language, String code, Boolean persistent) {}
