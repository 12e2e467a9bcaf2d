package dev.sandbench.engine.compat.sandkasten;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Sse;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.CompatStore;
import dev.sandbench.engine.exec.ExecRequest;
import dev.sandbench.engine.exec.ExecResult;
import dev.sandbench.engine.exec.ExecService;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static dev.sandbench.engine.compat.sandkasten.SandkastenErrors.error;

/**
 * A Sandkasten session's stateful shell: every command runs in the sandbox's named shell
 * {@value #SHELL}, so {@code cd} and exported variables carry over between calls and the answer
 * reports the shell's directory. The shell has no terminal, so output comes without echo, prompt
 * or colour codes. A command past its timeout is a 504 (and its shell is restarted).
 */
final class SandkastenShell implements AutoCloseable {
    static final String SHELL = "sandkasten";
    static final int DEFAULT_TIMEOUT_MS = 30_000;
    /** Sandkasten's own ceiling on timeout_ms. */
    static final int MAX_TIMEOUT_MS = 600_000;
    private static final long KEEP_ALIVE_MS = 15_000;
    /** Sandkasten's own pattern for terminal escape sequences (cmd/runner/exec.go). */
    private static final Pattern ANSI = Pattern.compile("[\\u001b\\u009b][\\[\\]()#;?]*"
            + "(?:(?:(?:[a-zA-Z\\d]*(?:;[a-zA-Z\\d]*)*)?\\u0007)|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PRZcf-ntqry=><~]))");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecService exec;
    private final SandkastenSessions sessions;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandkasten-stream-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    SandkastenShell(ExecService exec, SandkastenSessions sessions) {
        this.exec = exec;
        this.sessions = sessions;
    }

    /** The engine request for a Sandkasten exec body, checked in full first. */
    static ExecRequest request(SandkastenWire.SandkastenExec body) {
        if (body.cmd() == null || body.cmd().isEmpty()) throw error(400, "INVALID_REQUEST", "cmd is required");
        int timeout = body.timeoutMs() == null || body.timeoutMs() == 0 ? DEFAULT_TIMEOUT_MS : body.timeoutMs();
        if (timeout < 0 || timeout > MAX_TIMEOUT_MS) {
            throw error(400, "INVALID_REQUEST", "timeout_ms must be from 0 to " + MAX_TIMEOUT_MS + ", got " + timeout);
        }
        return new ExecRequest(body.cmd(), null, null, (long) timeout, null, SHELL);
    }

    SandkastenWire.SandkastenExecResult exec(CompatIdentity who, String id, SandkastenWire.SandkastenExec body) {
        ExecRequest req = request(body);
        CompatStore.Session s = sessions.find(who, id);
        ExecResult r = exec.exec(who.principal(), sessions.running(who, s), req);
        if (r.timedOut()) throw timeout(req);
        String cwd = after(s, r);
        String output = Boolean.TRUE.equals(body.rawOutput()) ? r.output() : clean(r.output()).replaceAll("\n+$", "");
        return new SandkastenWire.SandkastenExecResult(r.exitCode(), cwd, output, r.truncated(), r.durationMs());
    }

    /** As Sandkasten cleans output: \n line ends and no escape sequences (a program may colour even without a terminal). */
    static String clean(String s) {
        return ANSI.matcher(s.replace("\r\n", "\n").replace("\r", "")).replaceAll("");
    }

    private static ApiException timeout(ExecRequest req) {
        return error(504, "COMMAND_TIMEOUT", "command timed out after " + req.timeoutMs() + " ms; the session's shell "
                + "was restarted (cd and exported variables are reset)");
    }

    /** Notes the shell's directory; a shell that ended starts again in /workspace. */
    private String after(CompatStore.Session s, ExecResult r) {
        String cwd = r.cwd() == null ? "/workspace" : r.cwd();
        sessions.cwd(s, cwd);
        return cwd;
    }

    /**
     * Runs the command in the session's shell and streams its output as Server-Sent Events in the
     * form Sandkasten's SDK parses: {@code chunk} events, then one {@code done} and the end of the
     * response; failures after the 200 are an {@code error} event. A client that leaves does not
     * stop the command (it is the shell's), it only stops being told.
     */
    void stream(Context ctx, CompatIdentity who, String id, SandkastenWire.SandkastenExec body) throws IOException {
        ExecRequest req = request(body);
        CompatStore.Session s = sessions.find(who, id);
        String sandboxId = sessions.running(who, s);
        BlockingQueue<String> chunks = new ArrayBlockingQueue<>(256);
        AtomicBoolean gone = new AtomicBoolean();
        Future<ExecResult> run = workers.submit(() -> exec.execStreaming(who.principal(), sandboxId, req,
                (stream, text) -> offer(chunks, gone, Boolean.TRUE.equals(body.rawOutput()) ? text : clean(text))));
        Sse sse = Sse.start(ctx);
        long quietSince = System.currentTimeMillis();
        try {
            while (true) {
                String chunk = chunks.poll(20, TimeUnit.MILLISECONDS);
                if (chunk != null && !chunk.isEmpty()) {
                    sse.send("chunk", null, Map.of("chunk", chunk, "timestamp", System.currentTimeMillis()));
                    quietSince = System.currentTimeMillis();
                } else if (chunk == null && run.isDone() && chunks.isEmpty()) {
                    break;
                } else if (System.currentTimeMillis() - quietSince > KEEP_ALIVE_MS) {
                    sse.keepAlive();
                    quietSince = System.currentTimeMillis();
                }
            }
            finish(sse, s, req, run);
        } catch (IOException clientGone) {
            gone.set(true);
            chunks.clear();
        } catch (InterruptedException e) {
            gone.set(true);
            Thread.currentThread().interrupt();
        }
    }

    private void finish(Sse sse, CompatStore.Session s, ExecRequest req, Future<ExecResult> run)
            throws IOException, InterruptedException {
        ExecResult r;
        try {
            r = run.get();
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof ApiException a ? a.detail() : "the engine failed: " + e.getCause().getMessage();
            sse.send("error", null, Map.of("error", why));
            return;
        }
        if (r.timedOut()) {
            sse.send("error", null, Map.of("error", timeout(req).detail()));
            return;
        }
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("exit_code", r.exitCode());
        done.put("cwd", after(s, r));
        done.put("duration_ms", r.durationMs());
        sse.send("done", null, done);
    }

    /** Waits while the client is behind (holding the command back), never once it has gone. */
    private static void offer(BlockingQueue<String> chunks, AtomicBoolean gone, String text) {
        try {
            while (!gone.get() && !chunks.offer(text, 100, TimeUnit.MILLISECONDS)) {
                // the client reads slowly
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
