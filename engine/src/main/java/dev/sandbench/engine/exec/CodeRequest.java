package dev.sandbench.engine.exec;

import java.util.Map;

/** Body of {@code POST /v1/sandboxes/{id}/code}. */
public record CodeRequest(String language, String code, Boolean persistent, Long timeoutMs, Map<String, String> env) {}
