package dev.sandbench.engine.compat.cloud;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.compat.ShellWords;
import dev.sandbench.engine.exec.CodeRequest;
import dev.sandbench.engine.exec.CodeResult;
import dev.sandbench.engine.exec.CodeService;
import dev.sandbench.engine.exec.ExecRequest;
import dev.sandbench.engine.exec.ExecResult;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.files.SandboxPaths;
import dev.sandbench.engine.sandbox.EnvVars;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cloud Sandbox's {@code POST /api/v1/execute} over the engine's services: {@code code} through
 * {@link CodeService}, python and javascript in the sandbox's persistent interpreter (so state
 * lives from call to call, and through a pause); {@code command}, an argv, through
 * {@link ExecService} with its work_dir, env and timeout. A failing program is a 200 with its
 * exit code, as the scheduler answers.
 */
final class CloudExec {
    /** The scheduler's default when timeout is 0 or absent. */
    static final long DEFAULT_TIMEOUT_SECONDS = 300;
    private static final Set<String> PERSISTENT = Set.of("python", "python3", "py", "javascript", "js", "node");

    /** A request checked in full: {@code command} is the engine's exec line, or null for code. */
    record Run(String sandboxId, String code, String language, String command, String workDir, Map<String, String> env,
               long timeoutMs) {}

    private final CodeService code;
    private final ExecService exec;

    CloudExec(CodeService code, ExecService exec) {
        this.code = code;
        this.exec = exec;
    }

    static Run validate(CloudWire.CloudExecute req) {
        if (req.sandboxId() == null || req.sandboxId().isEmpty()) throw ApiException.badRequest("sandbox_id is required");
        long seconds = req.timeout() == null || req.timeout() == 0 ? DEFAULT_TIMEOUT_SECONDS : req.timeout();
        if (seconds < 0 || seconds > ExecService.MAX_TIMEOUT_MS / 1000) {
            throw ApiException.badRequest("timeout must be from 0 to " + ExecService.MAX_TIMEOUT_MS / 1000
                    + " seconds, got " + seconds);
        }
        Map<String, String> env = EnvVars.validated(req.env());
        String workDir = req.workDir() == null || req.workDir().isEmpty() ? null
                : SandboxPaths.normalize(req.workDir(), "work_dir");
        if (req.command() != null && !req.command().isEmpty()) {
            return new Run(req.sandboxId(), null, null, ShellWords.execLine(req.command(), "command"), workDir, env,
                    seconds * 1000);
        }
        if (req.code() == null || req.code().isEmpty()) {
            throw ApiException.badRequest("either code (with language) or command is required");
        }
        String language = req.language() == null || req.language().isEmpty() ? "python"
                : req.language().toLowerCase(Locale.ROOT);
        boolean persistent = PERSISTENT.contains(language);
        if (workDir != null && !workDir.equals(SandboxPaths.WORKSPACE)) {
            throw ApiException.badRequest("work_dir applies to commands; code runs in /workspace (change directory in "
                    + "the code, or run a command)");
        }
        if (persistent && !env.isEmpty()) {
            throw ApiException.badRequest("env is not applied to the session's persistent " + language + " interpreter, "
                    + "which keeps its state between calls; set it in the code (os.environ), or run a command");
        }
        return new Run(req.sandboxId(), req.code(), language, null, null, env, seconds * 1000);
    }

    CloudWire.CloudExecResult execute(Principal p, Run run) {
        if (run.command() != null) {
            ExecResult r = exec.exec(p, run.sandboxId(), new ExecRequest(run.command(), run.workDir(), run.env(),
                    run.timeoutMs(), null, null));
            return new CloudWire.CloudExecResult(r.exitCode(), r.stdout(), r.stderr(), r.durationMs(), r.timedOut(),
                    r.error());
        }
        boolean persistent = PERSISTENT.contains(run.language());
        CodeResult r = code.run(p, run.sandboxId(), new CodeRequest(run.language(), run.code(), persistent,
                run.timeoutMs(), run.env().isEmpty() ? null : run.env()));
        return new CloudWire.CloudExecResult(r.exitCode(), r.stdout(), r.stderr(), r.durationMs(), r.timedOut(),
                r.error());
    }
}
