package dev.sandbench.engine.exec;

import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Sse;
import dev.sandbench.engine.runtime.OutputSink;
import dev.sandbench.engine.runtime.SandboxCommand;
import dev.sandbench.engine.runtime.SandboxProcessSpec;
import dev.sandbench.engine.runtime.Utf8Chunks;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /exec/stream}: the command's output as Server-Sent Events while it runs
 * ({@code chunk}), then one {@code done} or {@code error}. A client that reads slowly holds the
 * command back (bounded queue); a client that leaves gets its command killed.
 */
final class ExecStreamer {
    private record Chunk(String stream, String text, String timestamp) {}

    private ExecStreamer() {}

    static void stream(Context ctx, ExecService exec, ExecService.Prepared x, String command) throws IOException {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(256);
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        Utf8Chunks out = new Utf8Chunks();
        Utf8Chunks err = new Utf8Chunks();
        OutputSink sink = new OutputSink() {
            @Override
            public void stdout(byte[] d, int off, int len) {
                put(queue, finished, new Chunk("stdout", out.decode(d, off, len), Ids.now()));
            }

            @Override
            public void stderr(byte[] d, int off, int len) {
                put(queue, finished, new Chunk("stderr", err.decode(d, off, len), Ids.now()));
            }
        };
        long start = System.nanoTime();
        SandboxCommand cmd;
        try {
            cmd = x.sandbox().run(new SandboxProcessSpec(x.argv(), x.env(), x.cwd(), true), sink);
            if (x.stdin() != null && !x.stdin().isEmpty()) cmd.writeStdin(x.stdin().getBytes(StandardCharsets.UTF_8));
            cmd.closeStdin();
        } catch (IOException e) {
            throw ApiException.conflict("cannot run in sandbox " + x.sandbox().id() + ": " + e.getMessage());
        }
        Sse sse = Sse.start(ctx);
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(x.timeoutMs());
        long exitedAt = -1;
        try {
            while (true) {
                Chunk c = queue.poll(20, TimeUnit.MILLISECONDS);
                if (c != null) {
                    if (!c.text().isEmpty()) {
                        sse.send("chunk", null, Map.of("chunk", c.text(), "stream", c.stream(), "timestamp", c.timestamp()));
                    }
                    continue;
                }
                if (cmd.exited().isDone()) {
                    if (exitedAt < 0) exitedAt = System.nanoTime();
                    // Background children may hold the output open: wait a moment for the rest.
                    if (cmd.outputClosed().isDone() || System.nanoTime() - exitedAt > TimeUnit.MILLISECONDS.toNanos(200)) {
                        break;
                    }
                } else if (System.nanoTime() > deadline) {
                    cmd.kill();
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("message", "timeout: the command ran longer than " + x.timeoutMs() + " ms and was killed");
                    e.put("exit_code", 124);
                    e.put("duration_ms", (System.nanoTime() - start) / 1_000_000);
                    sse.send("error", null, e);
                    exec.log(x.record(), command, 124, (System.nanoTime() - start) / 1_000_000, true, x.timeoutMs());
                    return;
                }
            }
            long duration = (System.nanoTime() - start) / 1_000_000;
            try {
                int code = cmd.exited().get();
                Map<String, Object> done = new LinkedHashMap<>();
                done.put("exit_code", code);
                done.put("duration_ms", duration);
                done.put("cwd", x.cwd());
                sse.send("done", null, done);
                exec.log(x.record(), command, code, duration, false, x.timeoutMs());
            } catch (java.util.concurrent.ExecutionException e) {
                sse.send("error", null, Map.of("message", e.getCause().getMessage()));
            }
        } catch (IOException gone) {
            cmd.kill();
        } catch (InterruptedException e) {
            cmd.kill();
            Thread.currentThread().interrupt();
        } finally {
            // Nobody drains the queue any more: let the sandbox's runner drop what still comes.
            finished.set(true);
            queue.clear();
        }
    }

    /** Blocks while the client is behind (holding the command back), never once the stream ended. */
    private static void put(BlockingQueue<Chunk> q, java.util.concurrent.atomic.AtomicBoolean finished, Chunk c) {
        try {
            while (!finished.get() && !q.offer(c, 100, TimeUnit.MILLISECONDS)) {
                // wait for the client
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
