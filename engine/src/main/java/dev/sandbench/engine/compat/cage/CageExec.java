package dev.sandbench.engine.compat.cage;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.exec.CodeRequest;
import dev.sandbench.engine.exec.CodeResult;
import dev.sandbench.engine.exec.CodeService;
import dev.sandbench.engine.exec.ExecService;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * CAGE's code execution through the engine's {@link CodeService}: the same languages, persistent
 * python and javascript interpreters, limits and recording as {@code POST /v1/sandboxes/{id}/code},
 * answered in CAGE's ExecuteResponse. A failing program is still a 200 with status "error".
 */
final class CageExec {
    /** CAGE's language enum (lowercase); the engine runs those whose toolchain this host has. */
    static final List<String> LANGUAGES = List.of("python", "javascript", "bash", "r", "julia", "typescript", "ruby",
            "go", "wasm");
    /** CAGE's server default when {@code timeout_seconds} is absent. */
    static final long DEFAULT_TIMEOUT_SECONDS = 30;

    /** A request checked in full before anything reaches a sandbox. */
    record Run(String language, String code, long timeoutMs, boolean persistent, Map<String, String> env) {}

    private final CodeService code;
    private final CageSessions sessions;
    private final CageFiles files;

    CageExec(CodeService code, CageSessions sessions, CageFiles files) {
        this.code = code;
        this.sessions = sessions;
        this.files = files;
    }

    static Run validate(CageWire.CageExecuteRequest req) {
        if (req.code() == null) throw ApiException.badRequest("'code' is required");
        String language = language(req.language());
        long seconds = req.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : req.timeoutSeconds();
        if (seconds < 1 || seconds > ExecService.MAX_TIMEOUT_MS / 1000) {
            throw ApiException.badRequest("timeout_seconds must be from 1 to " + ExecService.MAX_TIMEOUT_MS / 1000
                    + ", got " + seconds);
        }
        if (req.workingDir() != null) {
            throw ApiException.badRequest("working_dir is not supported here: code runs in the workspace root '/'; "
                    + "change directory in the code instead");
        }
        boolean persistent = Boolean.TRUE.equals(req.persistent());
        if (persistent && !language.equals("python") && !language.equals("javascript")) {
            throw ApiException.badRequest("persistent mode is available for python and javascript, not " + language);
        }
        return new Run(language, req.code(), seconds * 1000, persistent, req.env());
    }

    /** A CAGE language this engine can run, or a 400 that names the ones it can. */
    static String language(String requested) {
        String lang = requested == null ? "python" : requested;
        String available = String.join(", ", CodeService.languages().entrySet().stream()
                .filter(Map.Entry::getValue).map(Map.Entry::getKey).filter(LANGUAGES::contains).toList());
        if (!LANGUAGES.contains(lang)) {
            throw ApiException.badRequest("unknown language '" + lang + "' (CAGE's languages: "
                    + String.join(", ", LANGUAGES) + "; available on this engine: " + available + ")");
        }
        if (!CodeService.languages().getOrDefault(lang, false)) {
            throw ApiException.badRequest("language '" + lang + "' is not available on this engine: its sandboxes "
                    + "lack the toolchain (available: " + available + ")");
        }
        return lang;
    }

    CageWire.CageExecuteResponse execute(Principal p, String sandboxId, Run run) {
        long[] cpu = sessions.cpuMark(sandboxId);
        Instant start = Instant.now();
        CodeResult r = code.run(p, sandboxId, new CodeRequest(run.language(), run.code(), run.persistent(),
                run.timeoutMs(), run.env()));
        return response(p, sandboxId, r, start, cpu);
    }

    /** CAGE's answer for a finished run; {@code cpu} (from {@link CageSessions#cpuMark}) may be null. */
    CageWire.CageExecuteResponse response(Principal p, String sandboxId, CodeResult r, Instant start, long[] cpu) {
        String status = r.timedOut() ? "timeout" : r.exitCode() == 0 && r.error() == null ? "success" : "error";
        String stderr = r.error() == null ? r.stderr()
                : r.stderr() + (r.stderr().isEmpty() || r.stderr().endsWith("\n") ? "" : "\n") + r.error();
        return new CageWire.CageExecuteResponse(UUID.randomUUID().toString(), status, r.stdout(), stderr,
                r.timedOut() ? null : r.exitCode(), r.durationMs(), created(p, sandboxId, start),
                sessions.usage(sandboxId, cpu));
    }

    private List<String> created(Principal p, String sandboxId, Instant start) {
        try {
            return files.changedSince(p, sandboxId, start);
        } catch (ApiException stoppedMeanwhile) {
            // The run's own result stands; what it left in the workspace cannot be seen now.
            return List.of();
        }
    }
}
