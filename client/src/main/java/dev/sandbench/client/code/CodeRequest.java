package dev.sandbench.client.code;

import java.time.Duration;
import java.util.Map;

/**
 * Code to run: {@code CodeRequest.of("python", "print(6*7)").persistent(true)}. Languages:
 * python, javascript, typescript, bash, ruby, go, r, julia, wasm (base64 module), where the
 * sandbox has the toolchain.
 */
public record CodeRequest(String language, String code, Boolean persistent, Long timeoutMs, Map<String, String> env) {

    public static CodeRequest of(String language, String code) {
        return new CodeRequest(language, code, null, null, null);
    }

    /** Runs in the sandbox's live interpreter for the language (python, javascript), keeping state. */
    public CodeRequest persistent(boolean keep) {
        return new CodeRequest(language, code, keep, timeoutMs, env);
    }

    public CodeRequest timeout(Duration d) {
        return new CodeRequest(language, code, persistent, Math.max(1, d.toMillis()), env);
    }

    public CodeRequest env(Map<String, String> vars) {
        return new CodeRequest(language, code, persistent, timeoutMs, Map.copyOf(vars));
    }
}
