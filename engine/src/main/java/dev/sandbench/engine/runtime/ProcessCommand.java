package dev.sandbench.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A command started through its own nsenter chain (when the sandbox has no runner). */
final class ProcessCommand extends CommandBase {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "command-output-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final Process process;

    ProcessCommand(Process process, OutputSink sink) {
        super(process.onExit().thenApply(Process::exitValue), CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> pump(process.getInputStream(), sink, false), PUMPS),
                CompletableFuture.runAsync(() -> pump(process.getErrorStream(), sink, true), PUMPS)));
        this.process = process;
    }

    private static void pump(InputStream in, OutputSink sink, boolean stderr) {
        byte[] buf = new byte[16 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (stderr) sink.stderr(buf, 0, n);
                else sink.stdout(buf, 0, n);
            }
        } catch (IOException ignored) {
            // closed
        }
    }

    @Override
    public void writeStdin(byte[] data) throws IOException {
        process.getOutputStream().write(data);
        process.getOutputStream().flush();
    }

    @Override
    public void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    @Override
    public void kill() {
        RunningSandbox.killSession(process);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
