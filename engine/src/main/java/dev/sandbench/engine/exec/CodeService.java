package dev.sandbench.engine.exec;

import dev.sandbench.engine.core.EngineConfig;
import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.runtime.SandboxProcessSpec;
import dev.sandbench.engine.sandbox.EnvVars;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /code}: a program in one of several languages, run fresh, or (python and
 * javascript) in a persistent interpreter whose state lives on between calls.
 */
public final class CodeService {
    private static final String PYTHON_DRIVER = resource("python_driver.py");
    private static final String NODE_DRIVER = resource("node_driver.js");

    private final SandboxService sandboxes;
    private final ExecService exec;
    private final EngineConfig config;
    private final LiveSessions interpreters = new LiveSessions();

    public CodeService(SandboxService sandboxes, ExecService exec, EngineConfig config) {
        this.sandboxes = sandboxes;
        this.exec = exec;
        this.config = config;
    }

    private static String resource(String name) {
        try (InputStream in = CodeService.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException(name + " missing from the engine jar", e);
        }
    }

    public static Map<String, Boolean> languages() {
        return Languages.available();
    }

    public CodeResult run(Principal p, String sandboxId, CodeRequest req) {
        if (req.language() == null || req.language().isBlank()) {
            throw ApiException.badRequest("'language' is required (" + String.join(", ", Languages.names()) + ")");
        }
        if (req.code() == null) {
            throw ApiException.badRequest("'code' is required");
        }
        long timeout = req.timeoutMs() == null ? config.execTimeoutMs() : req.timeoutMs();
        if (timeout < 1 || timeout > ExecService.MAX_TIMEOUT_MS) {
            throw ApiException.badRequest("timeout_ms must be between 1 and " + ExecService.MAX_TIMEOUT_MS + ", got " + timeout);
        }
        SandboxRecord record = sandboxes.get(p, sandboxId);
        StringBuilder why = new StringBuilder();
        Languages.Toolchain tc = Languages.find(req.language(), why).orElseThrow(() ->
                why.toString().startsWith("unknown") ? ApiException.badRequest(why.toString())
                        : ApiException.unprocessable(why + " (template '" + record.localTemplate() + "')"));
        RunningSandbox sandbox = sandboxes.running(p, sandboxId);
        Map<String, String> env = new LinkedHashMap<>(sandboxes.environment(record));
        env.putAll(EnvVars.validated(req.env()));
        CodeResult result;
        if (Boolean.TRUE.equals(req.persistent())) {
            if (!tc.persistentCapable()) {
                throw ApiException.unprocessable("persistent mode is available for python and javascript, not " + tc.language());
            }
            result = persistent(sandbox, tc.language(), req.code(), env, timeout);
        } else {
            ExecResult r = exec.run(sandbox, tc.argv(), env, "/workspace", req.code(), timeout);
            result = new CodeResult(r.stdout(), r.stderr(), r.output(), r.exitCode(), r.durationMs(), r.error(),
                    tc.language(), false, false, r.truncated(), r.timedOut());
        }
        sandboxes.logs().append(sandboxId, "code", tc.language() + (result.persistent() ? " (persistent)" : "")
                + " -> exit " + result.exitCode() + " (" + result.durationMs() + " ms)");
        if (result.timedOut()) exec.timedOut(record, Map.of("language", tc.language()), timeout);
        ExecService.Recorder recorder = exec.recorder();
        if (recorder != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("language", tc.language());
            d.put("code", ExecService.cap(req.code()));
            d.put("persistent", result.persistent());
            d.put("exit_code", result.exitCode());
            d.put("duration_ms", result.durationMs());
            d.put("output", ExecService.cap(result.output()));
            if (result.error() != null) d.put("error", result.error());
            if (result.timedOut()) d.put("timed_out", true);
            recorder.record(record.accountId(), sandboxId, "code", d);
        }
        return result;
    }

    private CodeResult persistent(RunningSandbox sandbox, String language, String code, Map<String, String> env,
                                  long timeoutMs) {
        long start = System.nanoTime();
        boolean[] fresh = {false, false};
        MarkedSession s = interpreters.get(sandbox, "code:" + language, () -> spec(language, env),
                config.outputCapBytes(), fresh);
        String mark = "__SANDBENCH_" + Ids.random(16) + "__";
        byte[] request = (Json.write(Map.of("code", code, "mark", mark)) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            MarkedSession.Answer a = s.call(request, mark, timeoutMs);
            int exit = parseInt(a.payload().trim(), 1);
            return new CodeResult(a.stdout(), a.stderr(), a.output(), exit, ms(start), null, language, true,
                    fresh[1], a.truncated(), false);
        } catch (TimeoutException e) {
            interpreters.discard(sandbox, "code:" + language);
            return new CodeResult("", "", "", 124, ms(start), "timeout: the code ran longer than " + timeoutMs
                    + " ms; the interpreter was stopped and its state is lost (the next call starts a new one)",
                    language, true, fresh[1], false, true);
        } catch (MarkedSession.Ended e) {
            interpreters.discard(sandbox, "code:" + language);
            return new CodeResult(e.partial.stdout(), e.partial.stderr(), e.partial.output(), e.exitCode, ms(start),
                    "the interpreter exited (code " + e.exitCode + "); its state is lost and the next call starts a new one",
                    language, true, fresh[1], e.partial.truncated(), false);
        } catch (IOException e) {
            interpreters.discard(sandbox, "code:" + language);
            throw ApiException.conflict("the interpreter failed: " + e.getMessage());
        }
    }

    private SandboxProcessSpec spec(String language, Map<String, String> env) {
        List<String> argv = language.equals("python")
                ? List.of("/usr/bin/env", "python3", "-u", "-c", PYTHON_DRIVER)
                : List.of("/usr/bin/env", "node", "-e", NODE_DRIVER);
        return new SandboxProcessSpec(argv, env, "/workspace", true);
    }

    static int parseInt(String s, int dflt) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
