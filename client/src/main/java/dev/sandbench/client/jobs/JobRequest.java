package dev.sandbench.client.jobs;

import java.util.Map;

/** A job: an exec ({@link #exec}) or a code run ({@link #code}). */
public record JobRequest(String type, String command, String cwd, Map<String, String> env, Long timeoutMs,
                         String stdin, String sessionId, String language, String code, Boolean persistent) {

    public static JobRequest exec(String command) {
        return new JobRequest("exec", command, null, null, null, null, null, null, null, null);
    }

    public static JobRequest code(String language, String code) {
        return new JobRequest("code", null, null, null, null, null, null, language, code, null);
    }

    public JobRequest timeoutMs(long ms) {
        return new JobRequest(type, command, cwd, env, ms, stdin, sessionId, language, code, persistent);
    }
}
