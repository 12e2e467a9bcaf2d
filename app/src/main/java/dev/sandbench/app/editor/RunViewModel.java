package dev.sandbench.app.editor;

import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.Coalescer;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.code.CodeRequest;
import dev.sandbench.client.code.CodeResult;
import dev.sandbench.client.exec.ExecRequest;
import dev.sandbench.client.exec.ExecStream;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a buffer (or its selection) in the sandbox and collects the output for the Run tab:
 * streamed chunk by chunk when the language reads its program from stdin, or in one piece from the
 * engine's code API (persistent interpreters, compiled languages). One run at a time; stop kills it.
 */
public final class RunViewModel {
    /** A piece of output: stdout, stderr, or a line the workbench adds ("info"). */
    public record Chunk(String stream, String text) {}

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private final UiExecutor ui;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private Consumer<List<Chunk>> sink = c -> { };
    private Runnable onStart = () -> { };
    private ExecStream stream;
    private long run;

    public RunViewModel(UiExecutor ui) {
        this.ui = ui;
    }

    /** Where output goes (batched, on the UI thread), and what to do when a run starts (clear). */
    public void setOutput(Runnable onStart, Consumer<List<Chunk>> sink) {
        this.onStart = onStart;
        this.sink = sink;
    }

    public void run(SandbenchClient client, String sandboxId, Language language, String code, boolean persistent) {
        if (running.get()) stop();
        if (!language.runnable()) {
            status.set(language.title() + " cannot be run in a sandbox; save it and run it from a terminal.");
            return;
        }
        long mine = ++run;
        onStart.run();
        running.set(true);
        long t0 = System.nanoTime();
        status.set("Running " + language.title() + (persistent ? " (persistent interpreter)" : "") + "…");
        Coalescer<Chunk> out = new Coalescer<>(ui, batch -> {
            if (mine == run) sink.accept(batch);
        });
        if (!persistent && language.streamCommand() != null) {
            stream = client.exec().stream(sandboxId, ExecRequest.of(language.streamCommand()).stdin(code).timeout(TIMEOUT),
                    (name, text) -> out.add(new Chunk(name, text)));
            stream.done().whenComplete((done, failure) -> ui.onUi(() -> {
                if (mine != run) return;
                running.set(false);
                stream = null;
                if (failure != null) {
                    status.set(cancelled(failure) ? "Stopped after " + ms(t0) : "Failed: " + Notifier.describe(failure));
                } else {
                    status.set((done.error() != null ? done.error() + " · " : "") + "exit " + done.exitCode() + " · " + done.durationMs() + " ms");
                }
            }));
            return;
        }
        CodeRequest req = CodeRequest.of(language.codeLanguage(), code).persistent(persistent).timeout(TIMEOUT);
        ui.run("run code", () -> client.code().run(sandboxId, req), (CodeResult r) -> {
            if (mine != run) return;
            running.set(false);
            if (r.restarted()) sink.accept(List.of(new Chunk("info", "[the interpreter restarted: earlier state is gone]\n")));
            if (r.stdout() != null && !r.stdout().isEmpty()) sink.accept(List.of(new Chunk("stdout", r.stdout())));
            if (r.stderr() != null && !r.stderr().isEmpty()) sink.accept(List.of(new Chunk("stderr", r.stderr())));
            status.set((r.timedOut() ? "timed out · " : "") + (r.error() != null ? r.error() + " · " : "")
                    + "exit " + r.exitCode() + " · " + r.durationMs() + " ms" + (r.persistent() ? " · persistent" : ""));
        }, e -> {
            if (mine != run) return;
            running.set(false);
            status.set("Failed: " + Notifier.describe(e));
        });
    }

    /** Stops a streamed run (the engine kills the command); a code-API run ends at its timeout. */
    public void stop() {
        ExecStream s = stream;
        if (s != null) s.close();
    }

    private static boolean cancelled(Throwable t) {
        String m = String.valueOf(t.getMessage());
        return m.contains("Canceled") || m.contains("cancel") || t instanceof java.util.concurrent.CancellationException
                || (t.getCause() != null && String.valueOf(t.getCause().getMessage()).contains("Canceled"));
    }

    private static String ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000 + " ms";
    }

    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
}
