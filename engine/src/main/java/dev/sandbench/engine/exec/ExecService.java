package dev.sandbench.engine.exec;

import dev.sandbench.engine.core.EngineConfig;
import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.runtime.SandboxCommand;
import dev.sandbench.engine.runtime.SandboxProcessSpec;
import dev.sandbench.engine.sandbox.EnvVars;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;
import org.slf4j.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs commands in sandboxes: one process per exec, many at once, each with its own timeout. */
public final class ExecService {
    /** After the command exits, how long to wait for the rest of its output (background children may hold the pipe). */
    private static final long DRAIN_MS = 200;
    public static final long MAX_TIMEOUT_MS = 24L * 3600 * 1000;

    private final SandboxService sandboxes;
    private final EngineConfig config;
    private final String shell;
    private final LiveSessions shells = new LiveSessions();
    private static final java.util.regex.Pattern SESSION_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    public ExecService(SandboxService sandboxes, EngineConfig config) {
        this.sandboxes = sandboxes;
        this.config = config;
        this.shell = Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash"))
                ? "/bin/bash" : "/bin/sh";
    }

    /** A validated exec request, ready to start. */
    public record Prepared(SandboxRecord record, RunningSandbox sandbox, List<String> argv, Map<String, String> env,
                           String cwd, long timeoutMs, String stdin) {}

    public Prepared prepare(Principal p, String sandboxId, ExecRequest req) {
        if (req.command() == null || req.command().isBlank()) {
            throw ApiException.badRequest("'command' is required");
        }
        if (req.command().indexOf('\0') >= 0) {
            throw ApiException.badRequest("'command' must not contain NUL bytes");
        }
        long timeout = req.timeoutMs() == null ? config.execTimeoutMs() : req.timeoutMs();
        if (timeout < 1 || timeout > MAX_TIMEOUT_MS) {
            throw ApiException.badRequest("timeout_ms must be between 1 and " + MAX_TIMEOUT_MS + ", got " + timeout);
        }
        String cwd = req.cwd() == null || req.cwd().isBlank() ? "/workspace" : req.cwd();
        if (!cwd.startsWith("/") || cwd.indexOf('\0') >= 0) {
            throw ApiException.badRequest("cwd must be an absolute path inside the sandbox, got '" + cwd + "'");
        }
        if (req.sessionId() != null && !SESSION_NAME.matcher(req.sessionId()).matches()) {
            throw ApiException.badRequest("session_id must be 1-64 letters, digits, '-', '_' or '.'");
        }
        SandboxRecord record = sandboxes.get(p, sandboxId);
        RunningSandbox sandbox = sandboxes.running(p, sandboxId);
        Map<String, String> env = new LinkedHashMap<>(sandboxes.environment(record));
        env.putAll(EnvVars.validated(req.env()));
        return new Prepared(record, sandbox, List.of(shell, "-c", req.command()), env, cwd, timeout, req.stdin());
    }

    /** Where executions are recorded for replay; set once by the engine. */
    @FunctionalInterface
    public interface Recorder {
        void record(String accountId, String sandboxId, String type, Map<String, Object> data);
    }

    static final int RECORD_CAP = 64 * 1024;
    private volatile Recorder recorder;

    public void setRecorder(Recorder r) {
        this.recorder = r;
    }

    Recorder recorder() {
        return recorder;
    }

    static String cap(String s) {
        return s == null || s.length() <= RECORD_CAP ? s : s.substring(0, RECORD_CAP);
    }

    public ExecResult exec(Principal p, String sandboxId, ExecRequest req) {
        return exec(p, sandboxId, req, null);
    }

    /**
     * Runs a command in a named shell ({@code session_id}) and passes its output to {@code listener}
     * as it arrives; the result is recorded and logged like any exec.
     */
    public ExecResult execStreaming(Principal p, String sandboxId, ExecRequest req, OutputListener listener) {
        if (req.sessionId() == null) {
            throw new IllegalArgumentException("streaming through ExecService needs a named shell (session_id)");
        }
        return exec(p, sandboxId, req, listener);
    }

    private ExecResult exec(Principal p, String sandboxId, ExecRequest req, OutputListener listener) {
        Prepared x = prepare(p, sandboxId, req);
        ExecResult result = req.sessionId() != null
                ? inSession(x, req, listener)
                : run(x.sandbox(), x.argv(), x.env(), x.cwd(), x.stdin(), x.timeoutMs());
        log(x.record(), req.command(), result.exitCode(), result.durationMs(), result.timedOut(), x.timeoutMs());
        if (recorder != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("command", req.command());
            d.put("cwd", result.cwd());
            d.put("exit_code", result.exitCode());
            d.put("duration_ms", result.durationMs());
            d.put("output", cap(result.output()));
            d.put("truncated", result.truncated() || result.output().length() > RECORD_CAP);
            if (result.timedOut()) d.put("timed_out", true);
            if (req.sessionId() != null) d.put("shell_session", req.sessionId());
            if (result.error() != null) d.put("error", result.error());
            recorder.record(x.record().accountId(), sandboxId, "command", d);
        }
        return result;
    }

    void log(SandboxRecord r, String command, int exitCode, long durationMs, boolean timedOut, long timeoutMs) {
        sandboxes.logs().append(r.id(), "exec", "$ " + abbreviate(command) + " -> exit " + exitCode
                + " (" + durationMs + " ms" + (timedOut ? ", timed out" : "") + ")");
        if (timedOut) timedOut(r, Map.of("command", abbreviate(command)), timeoutMs);
    }

    private volatile dev.sandbench.engine.events.EventBus bus;

    public void setEvents(dev.sandbench.engine.events.EventBus bus) {
        this.bus = bus;
    }

    /** A command or code run was killed at its timeout: published as {@code exec.timeout} (alerts listen). */
    void timedOut(SandboxRecord r, Map<String, Object> what, long timeoutMs) {
        var b = bus;
        if (b == null) return;
        Map<String, Object> data = new LinkedHashMap<>(what);
        data.put("timeout_ms", timeoutMs);
        b.publish(r.accountId(), "exec.timeout", r.id(), data);
    }

    /**
     * Runs the command in the sandbox's named shell. The command is passed through a quoted
     * here-document and {@code eval}, so a syntax error is the command's failure, not the
     * protocol's; its stdin is /dev/null so it cannot eat the requests that follow.
     */
    private ExecResult inSession(Prepared x, ExecRequest req, OutputListener listener) {
        long start = System.nanoTime();
        boolean[] fresh = {false, false};
        String name = "shell:" + req.sessionId();
        MarkedSession s = shells.get(x.sandbox(), name, () -> new SandboxProcessSpec(
                List.of(shell, "--noprofile", "--norc"), x.env(), "/workspace", true), config.outputCapBytes(), fresh);
        String mark = "__SANDBENCH_" + Ids.random(16) + "__";
        StringBuilder script = new StringBuilder();
        if (req.env() != null) {
            req.env().forEach((k, v) -> script.append("export ").append(k).append('=').append(quote(v)).append('\n'));
        }
        script.append("IFS= read -r -d '' __sb_cmd <<'").append(mark).append("_EOF'\n")
                .append(req.command()).append('\n').append(mark).append("_EOF\n");
        if (req.cwd() != null) script.append("cd -- ").append(quote(req.cwd())).append(" && ");
        script.append("eval \"$__sb_cmd\" </dev/null\n__sb_rc=$?\n")
                .append("printf '\\n%s %d %s\\n' '").append(mark).append("' \"$__sb_rc\" \"$PWD\"\n")
                .append("printf '\\n%s\\n' '").append(mark).append("' >&2\n");
        try {
            MarkedSession.Answer a = s.call(script.toString().getBytes(StandardCharsets.UTF_8), mark, x.timeoutMs(),
                    listener);
            String[] rcCwd = a.payload().split(" ", 2);
            int code = CodeService.parseInt(rcCwd[0], 1);
            String cwd = rcCwd.length > 1 ? rcCwd[1] : null;
            String note = fresh[1] ? "the session '" + req.sessionId() + "' was restarted: earlier state is lost" : null;
            return new ExecResult(a.output(), code, note, a.stdout(), a.stderr(), ms(start), a.truncated(), false, cwd);
        } catch (TimeoutException e) {
            shells.discard(x.sandbox(), name);
            return new ExecResult("", 124, "timeout: the command ran longer than " + x.timeoutMs() + " ms; the session '"
                    + req.sessionId() + "' was stopped and its state is lost", "", "", ms(start), false, true, null);
        } catch (MarkedSession.Ended e) {
            shells.discard(x.sandbox(), name);
            MarkedSession.Answer a = e.partial;
            return new ExecResult(a.output(), e.exitCode, "the session '" + req.sessionId() + "' ended (its shell exited "
                    + e.exitCode + "); the next command starts a new one", a.stdout(), a.stderr(), ms(start),
                    a.truncated(), false, null);
        } catch (IOException e) {
            shells.discard(x.sandbox(), name);
            throw ApiException.conflict("the session failed: " + e.getMessage());
        }
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Runs argv in the sandbox and collects its output; kills everything it started on timeout. */
    public ExecResult run(RunningSandbox sandbox, List<String> argv, Map<String, String> env, String cwd, String stdin,
                          long timeoutMs) {
        long start = System.nanoTime();
        OutputCollector out = new OutputCollector(config.outputCapBytes());
        SandboxCommand cmd;
        try {
            cmd = sandbox.run(new SandboxProcessSpec(argv, env, cwd, true), out);
            if (stdin != null && !stdin.isEmpty()) {
                cmd.writeStdin(stdin.getBytes(StandardCharsets.UTF_8));
            }
            cmd.closeStdin();
        } catch (IOException e) {
            throw ApiException.conflict("cannot run in sandbox " + sandbox.id() + ": " + e.getMessage());
        }
        boolean timedOut = false;
        int code;
        String error = null;
        try {
            code = cmd.exited().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            timedOut = true;
            cmd.kill();
            code = 124;
        } catch (ExecutionException e) {
            code = -1;
            error = e.getCause().getMessage();
        } catch (InterruptedException e) {
            cmd.kill();
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted");
        }
        try {
            // Background children may hold the output open; give the rest a moment, then answer.
            cmd.outputClosed().get(DRAIN_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException ignored) {
            // answer with what arrived
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long duration = (System.nanoTime() - start) / 1_000_000;
        OutputCollector.Snapshot s = out.snapshot();
        if (timedOut) {
            error = "timeout: the command ran longer than " + timeoutMs + " ms and was killed";
        } else if (error == null && code == 125 && s.stderr().contains("cannot change directory")) {
            error = "cwd " + cwd + " does not exist in the sandbox";
        } else if (error == null && !sandbox.alive()) {
            error = "the sandbox stopped while the command ran";
        }
        return new ExecResult(s.output(), code, error, s.stdout(), s.stderr(), duration, s.truncated(), timedOut, cwd);
    }

    /** Runs a sandbox's init script and describes the outcome for its log. */
    public String runInit(SandboxRecord record, String script) {
        RunningSandbox sandbox = sandboxes.running(new Principal(record.accountId(), "init", false), record.id());
        ExecResult r = run(sandbox, List.of("/bin/sh", "-c", script), sandboxes.environment(record), "/workspace",
                null, config.execTimeoutMs());
        String out = r.output().strip();
        return "init script exited " + r.exitCode() + (r.error() == null ? "" : " (" + r.error() + ")")
                + (out.isEmpty() ? "" : ": " + (out.length() > 500 ? "…" + out.substring(out.length() - 500) : out));
    }

    static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    public void close() {
        // nothing held: commands belong to their sandboxes
    }
}
