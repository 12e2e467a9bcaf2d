package dev.sandbench.app.bench;

import dev.sandbench.app.replay.ReplayActions;
import dev.sandbench.app.replay.ReplayModel;
import dev.sandbench.app.replay.ReplayView;
import dev.sandbench.app.replay.ReplayViewModel;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sessions.AgentSession;
import dev.sandbench.client.sessions.IngestEvent;
import dev.sandbench.client.sessions.ReplayEvent;
import javafx.application.Platform;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Opening and scrubbing a recorded session of 100,000 events against one of 1,000 (the baseline),
 * both stored in a real engine: reading the events (off the FX thread), laying them out (off
 * the FX thread), the FX-thread time to show the replay, and the FX-thread time of each scrub
 * step and of a full timeline redraw.
 */
public final class ReplayBench {
    private static final int RUNS = 3;

    private ReplayBench() {}

    /** A run of measurements for one session size. */
    private record Result(double[] fetch, double[] layout, double[] fx, double[] wall, double[] scrub, double[] seek,
                          double[] redraw) {}

    static void run(StringBuilder md) throws Exception {
        Path data = Files.createTempDirectory("sandbench-bench-replay-");
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        try (dev.sandbench.engine.Engine engine = dev.sandbench.engine.Engine.start(
                dev.sandbench.engine.core.EngineConfig.defaults(data.resolve("engine")).withPort(0).withWarmPool(0));
             SandbenchClient client = SandbenchClient.connect(engine.url(), engine.adminKey())) {
            Sandbox s = client.sandboxes().create();
            long t = System.nanoTime();
            ingest(client, s.id(), "bench-small", 1_000);
            ingest(client, s.id(), "bench-big", 100_000);
            double ingestSeconds = (System.nanoTime() - t) / 1e9;
            measure(client, "bench-small"); // warm-up: class loading and JIT, not counted
            Result small = measure(client, "bench-small");
            Result big = measure(client, "bench-big");
            md.append("\n### Session replay\n\nA generated agent session of 100,000 events (LLM and tool calls, commands, "
                    + "file writes with before and after, terminal output, errors, idle gaps), ingested into a real engine ("
                    + String.format(Locale.ROOT, "%.1f s for 101,000 events", ingestSeconds) + "), against one of 1,000 "
                    + "events. Reading the events and laying them out happen off the FX thread; \"FX time to show\" is "
                    + "the FX thread's work to build the replay tab, lay it out and draw the timeline; \"open, wall\" is "
                    + "from the request to the tab drawn. Medians of " + RUNS + " opens; scrub steps are 300 playhead moves "
                    + "across the session, each with the CSS and layout pass it causes (timeline overlay, event list, details, "
                    + "terminal).\n\n");
            md.append("| measurement | 1,000 events (baseline) | 100,000 events | ratio | target |\n|---|---:|---:|---:|---|\n");
            row(md, "read events from the engine (client, off FX)", pct(small.fetch, 50), pct(big.fetch, 50), "");
            row(md, "lay out the session (off FX)", pct(small.layout, 50), pct(big.layout, 50), "");
            row(md, "FX time to show", pct(small.fx, 50), pct(big.fx, 50), "under 1 s");
            row(md, "open, wall (read + lay out + show)", pct(small.wall, 50), pct(big.wall, 50), "under 1 s");
            row(md, "scrub step, p50 (FX)", pct(small.scrub, 50), pct(big.scrub, 50), "");
            row(md, "scrub step, p99 (FX)", pct(small.scrub, 99), pct(big.scrub, 99), "under 16 ms (no stutter)");
            row(md, "of which the playhead's listeners, p50 (timeline, list, details, terminal)", pct(small.seek, 50), pct(big.seek, 50), "");
            row(md, "of which the playhead's listeners, p99", pct(small.seek, 99), pct(big.seek, 99), "");
            row(md, "full timeline redraw, p50 (FX)", pct(small.redraw, 50), pct(big.redraw, 50), "");
            client.sandboxes().destroy(s.id());
        }
    }

    private static void row(StringBuilder md, String what, double small, double big, String target) {
        md.append(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1fx | %s |%n", what, small, big,
                big / Math.max(0.01, small), target));
    }

    /** Ingests {@code n} events shaped like an agent's run, two seconds apart on average with some long pauses. */
    private static void ingest(SandbenchClient c, String sandbox, String session, int n) {
        Instant at = Instant.parse("2026-11-20T09:00:00Z");
        List<IngestEvent> batch = new ArrayList<>();
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < n; i++) {
            at = at.plusMillis(r.nextInt(100) == 0 ? 60_000 + r.nextInt(600_000) : 50 + r.nextInt(400));
            Map<String, Object> d = new LinkedHashMap<>();
            String type;
            switch (i % 10) {
                case 0, 5 -> {
                    type = "llm_call";
                    d.put("model", "gpt-4o");
                    d.put("tokens_in", 800 + r.nextInt(4000));
                    d.put("tokens_out", 100 + r.nextInt(800));
                    d.put("prompt", "Fix the failing test in module " + i + ". The error was an assertion in test_" + i);
                    d.put("response", "I will edit src/mod" + i + ".py and run the tests again.");
                }
                case 1, 6 -> {
                    type = "tool_call";
                    d.put("name", i % 20 == 1 ? "read_file" : "run_tests");
                    d.put("arguments", Map.of("path", "src/mod" + i + ".py"));
                    d.put("result", "ok: 12 passed");
                }
                case 2, 7 -> {
                    type = "command";
                    d.put("command", "pytest -q tests/test_" + i + ".py");
                    d.put("exit_code", i % 70 == 2 ? 1 : 0);
                    d.put("duration_ms", 300 + r.nextInt(2000));
                    d.put("output", "............ [100%]\n12 passed in 0.4" + (i % 10) + "s\n");
                }
                case 3 -> {
                    type = "file_write";
                    d.put("path", "/workspace/src/mod" + (i % 50) + ".py");
                    d.put("before", "def f(x):\n    return x + " + (i - 10) + "\n");
                    d.put("after", "def f(x):\n    return x + " + i + "\n");
                }
                case 4 -> {
                    type = "terminal_io";
                    d.put("terminal_id", "term_bench");
                    d.put("chunks", List.of(List.of(i * 0.2, "o", "$ make test\r\nok " + i + "\r\n")));
                }
                case 8 -> {
                    type = i % 90 == 8 ? "error" : "message";
                    d.put("message", "step " + i + (type.equals("error") ? ": the build failed" : ": thinking"));
                }
                default -> {
                    type = "file_delete";
                    d.put("path", "/workspace/tmp/scratch" + i + ".txt");
                }
            }
            batch.add(new IngestEvent(type, sandbox, d, session + "-" + i, session, at));
            if (batch.size() == 1000) {
                c.sessions().ingest(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) c.sessions().ingest(batch);
    }

    private static Result measure(SandbenchClient c, String session) throws Exception {
        double[] fetch = new double[RUNS];
        double[] layout = new double[RUNS];
        double[] fx = new double[RUNS];
        double[] wall = new double[RUNS];
        List<Double> scrub = new ArrayList<>();
        List<Double> seekOnly = new ArrayList<>();
        List<Double> redraw = new ArrayList<>();
        AgentSession meta = c.sessions().get(session);
        for (int run = 0; run < RUNS; run++) {
            long t0 = System.nanoTime();
            List<ReplayEvent> events = c.sessions().replay(session);
            long t1 = System.nanoTime();
            ReplayModel model = new ReplayModel(meta, events);
            long t2 = System.nanoTime();
            Stage[] stage = new Stage[1];
            ReplayView[] view = new ReplayView[1];
            double fxMs = fxTimed(() -> {
                view[0] = new ReplayView(new ReplayViewModel(model),
                        ReplayActions.offline(UiExecutor.direct(), new Notifier(), null), new SimpleBooleanProperty(false));
                stage[0] = new Stage();
                Scene scene = new Scene((Parent) view[0].node(), 1400, 900);
                scene.getStylesheets().add(ReplayBench.class.getResource("/dev/sandbench/app/workbench.css").toExternalForm());
                stage[0].setScene(scene);
                stage[0].show();
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                return null;
            });
            fx(() -> null); // the next pulse: drawn
            long t3 = System.nanoTime();
            fetch[run] = (t1 - t0) / 1e6;
            layout[run] = (t2 - t1) / 1e6;
            fx[run] = fxMs;
            wall[run] = (t3 - t0) / 1e6;
            for (int k = 0; k < 100; k++) {
                double at = model.duration() * ((k * 37) % 100) / 100.0;
                double[] seekMs = {0};
                scrub.add(fxTimed(() -> {
                    long t = System.nanoTime();
                    view[0].viewModel().seek(at);
                    seekMs[0] = (System.nanoTime() - t) / 1e6;
                    Parent root = view[0].node().getScene().getRoot();
                    root.applyCss();
                    root.layout();
                    return null;
                }));
                seekOnly.add(seekMs[0]);
            }
            for (int k = 0; k < 10; k++) {
                double factor = k % 2 == 0 ? 0.5 : 2;
                fx(() -> {
                    view[0].viewModel().zoom(factor, model.duration() / 2);
                    return null;
                });
                redraw.add(view[0].timelineRedrawNanos() / 1e6);
            }
            fx(() -> {
                stage[0].close();
                view[0].close();
                return null;
            });
        }
        return new Result(fetch, layout, fx, wall, scrub.stream().mapToDouble(Double::doubleValue).toArray(),
                seekOnly.stream().mapToDouble(Double::doubleValue).toArray(),
                redraw.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Runs on the FX thread and returns how long it took there, in ms. */
    private static double fxTimed(Supplier<Object> work) throws Exception {
        return fx(() -> {
            long t = System.nanoTime();
            work.get();
            return (System.nanoTime() - t) / 1e6;
        });
    }

    private static <T> T fx(Supplier<T> s) throws Exception {
        return WorkbenchBench.fx(s);
    }

    private static double pct(double[] v, int p) {
        return WorkbenchBench.pct(v, p);
    }

    /** Runs only this benchmark and prints its table (for iterating on the replay's speed). */
    public static void main(String[] args) throws Exception {
        Platform.startup(() -> { });
        Platform.setImplicitExit(false);
        fx(() -> {
            dev.sandbench.app.shell.Theme.LIGHT.apply();
            return null;
        });
        StringBuilder md = new StringBuilder();
        run(md);
        System.out.print(md);
        Platform.exit();
        System.exit(0);
    }
}
