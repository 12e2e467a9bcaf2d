package dev.sandbench.engine.compat.agentcube;

import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.compat.ShellWords;
import dev.sandbench.engine.exec.ExecRequest;
import dev.sandbench.engine.exec.ExecResult;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.files.FileService;
import dev.sandbench.engine.sandbox.EnvVars;
import dev.sandbench.engine.sandbox.SandboxService;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PicoD's {@code api/execute} through the engine's {@link ExecService}: the argv runs as itself
 * (no shell between, see {@link ShellWords}) in the workspace, its exit code exact, because the
 * SDK raises on any exit code but 0. A run past its timeout is exit code 124 with PicoD's note on
 * stderr.
 */
final class AgentCubeExec {
    /** PicoD's default when timeout is absent. */
    static final long DEFAULT_TIMEOUT_MS = 60_000;
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    /** A request checked in full; {@code workingDir} is a sandbox path or null. */
    record Run(String line, long timeoutMs, String workingDir, Map<String, String> env) {}

    private final ExecService exec;
    private final SandboxService sandboxes;
    private final FileService files;

    AgentCubeExec(ExecService exec, SandboxService sandboxes, FileService files) {
        this.exec = exec;
        this.sandboxes = sandboxes;
        this.files = files;
    }

    static Run validate(AgentCubeWire.AgentCubeExecute req) {
        if (req.command() == null || req.command().isEmpty()) throw ApiException.badRequest("command cannot be empty");
        String line = ShellWords.execLine(req.command(), "command");
        long timeout = req.timeout() == null || req.timeout().isEmpty() ? DEFAULT_TIMEOUT_MS : durationMs(req.timeout());
        if (timeout < 1 || timeout > ExecService.MAX_TIMEOUT_MS) {
            throw ApiException.badRequest("timeout must be more than 0 and at most " + ExecService.MAX_TIMEOUT_MS / 3_600_000
                    + "h, got " + req.timeout());
        }
        String dir = req.workingDir() == null || req.workingDir().isEmpty() ? null : AgentCubePaths.write(req.workingDir());
        return new Run(line, timeout, dir, EnvVars.validated(req.env()));
    }

    /** A Go duration ({@code 120s}, {@code 2.5s}, {@code 1h30m}, {@code 500ms}) in milliseconds, rounded up. */
    static long durationMs(String s) {
        String text = s.strip();
        if (text.equals("0")) return 0;
        Matcher m = DURATION_PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            at = m.end();
        }
        if (at == 0 || at != text.length()) {
            throw ApiException.badRequest("Invalid timeout format: time: invalid duration \"" + s + "\" (a Go duration "
                    + "such as 120s, 2.5s or 1m30s)");
        }
        BigDecimal ms = nanos.divide(BigDecimal.valueOf(1_000_000), 0, RoundingMode.CEILING);
        return ms.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : ms.longValue();
    }

    AgentCubeWire.AgentCubeExecResult execute(Principal p, String sandboxId, Run run) {
        if (run.workingDir() != null) {
            // PicoD makes a missing working directory.
            files.mkdir(sandboxes.running(p, sandboxId), run.workingDir());
        }
        Instant start = Instant.now();
        ExecResult r = exec.exec(p, sandboxId, new ExecRequest(run.line(), run.workingDir(), run.env(), run.timeoutMs(),
                null, null));
        Instant end = Instant.now();
        String stderr = r.stderr();
        if (r.timedOut()) {
            // As PicoD prints it: Go's %.0f, which rounds half to even.
            String seconds = BigDecimal.valueOf(run.timeoutMs(), 3).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
            stderr += "Command timed out after " + seconds + " seconds";
        }
        else if (r.error() != null && r.exitCode() != 0 && stderr.isEmpty()) stderr = r.error();
        return new AgentCubeWire.AgentCubeExecResult(r.stdout(), stderr, r.exitCode(), r.durationMs() / 1000.0,
                Ids.timestamp(start), Ids.timestamp(end));
    }
}
