package dev.sandbench.engine.exec;

import java.util.Map;

/** Body of {@code POST /v1/sandboxes/{id}/exec}. */
public record ExecRequest(String command, String cwd, Map<String, String> env, Long timeoutMs, String stdin) {}
