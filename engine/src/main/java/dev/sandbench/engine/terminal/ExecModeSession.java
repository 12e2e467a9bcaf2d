package dev.sandbench.engine.terminal;

import dev.sandbench.engine.runtime.OutputSink;
import dev.sandbench.engine.runtime.Utf8Chunks;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.runtime.SandboxCommand;
import dev.sandbench.engine.runtime.SandboxProcessSpec;
import io.javalin.websocket.WsContext;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The terminal WebSocket without rows and cols: the first input frame is one command; its
 * output streams as output frames, then one exit frame, then the socket closes.
 */
final class ExecModeSession implements TerminalSession {
    private static final String END = new String("end");
    private final RunningSandbox sandbox;
    private final Map<String, String> env;
    private final String shell;
    private final WsContext ws;
    private final BlockingQueue<String> frames = new ArrayBlockingQueue<>(256);
    private volatile SandboxCommand command;
    private volatile boolean closed;

    ExecModeSession(RunningSandbox sandbox, Map<String, String> env, String shell, WsContext ws) {
        this.sandbox = sandbox;
        this.env = env;
        this.shell = shell;
        this.ws = ws;
    }

    @Override
    public synchronized void input(String data) throws IOException {
        if (command != null) {
            command.writeStdin(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        Utf8Chunks out = new Utf8Chunks();
        Utf8Chunks err = new Utf8Chunks();
        OutputSink sink = new OutputSink() {
            @Override
            public void stdout(byte[] d, int off, int len) {
                offer(TerminalFrames.output(out.decode(d, off, len)));
            }

            @Override
            public void stderr(byte[] d, int off, int len) {
                offer(TerminalFrames.output(err.decode(d, off, len)));
            }
        };
        Thread sender = new Thread(this::send, "terminal-exec-" + sandbox.id());
        sender.setDaemon(true);
        sender.start();
        try {
            command = sandbox.run(new SandboxProcessSpec(List.of(shell, "-c", data), env, "/workspace", true), sink);
            command.closeStdin();
        } catch (IOException e) {
            offer(TerminalFrames.error("cannot run the command: " + e.getMessage()));
            offer(END);
            return;
        }
        command.exited().whenComplete((code, failure) -> {
            try {
                command.outputClosed().get(200, TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // answer with what arrived
            }
            offer(failure == null ? TerminalFrames.exit(code) : TerminalFrames.error(failure.getMessage()));
            offer(END);
        });
    }

    /** Queues a frame; blocks while the client is behind, which holds back the command's output. */
    private void offer(String frame) {
        try {
            while (!closed && !frames.offer(frame, 1, TimeUnit.SECONDS)) {
                // keep waiting for the client
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send() {
        try {
            while (!closed) {
                String f = frames.poll(1, TimeUnit.SECONDS);
                if (f == null) continue;
                if (f == END) {
                    ws.closeSession();
                    return;
                }
                ws.send(f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            close();
        }
    }

    @Override
    public void resize(int rows, int cols) {
        // exec mode has no terminal
    }

    @Override
    public void close() {
        closed = true;
        SandboxCommand c = command;
        if (c != null && !c.exited().isDone()) c.kill();
    }
}
