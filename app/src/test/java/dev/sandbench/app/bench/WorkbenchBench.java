package dev.sandbench.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandbench.app.explorer.ExplorerView;
import dev.sandbench.app.explorer.ExplorerViewModel;
import dev.sandbench.app.explorer.Grouping;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.shell.AppAction;
import dev.sandbench.app.shell.Theme;
import dev.sandbench.app.task.Coalescer;
import dev.sandbench.app.task.FxUiExecutor;
import dev.sandbench.client.events.EngineEvent;
import dev.sandbench.client.http.EngineHttp;
import dev.sandbench.client.sandboxes.NetworkMode;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sandboxes.SandboxStatus;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Workbench benchmarks, appended to docs/benchmarks.md by bench/run: time from launch to an
 * interactive window with the embedded engine ready (child JVMs, against an empty JavaFX window
 * measured the same way), and the explorer's FX-thread cost with 1,000 sandboxes (against 10).
 * Run on a display (bench/run uses xvfb-run).
 */
public final class WorkbenchBench {
    private static final String TEMPLATES[] = {"python", "node", "minimal", "go"};

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path appJar = Path.of(args[1]);
        StringBuilder md = new StringBuilder("\n## Workbench\n\n");
        startup(md, appJar);
        Platform.startup(() -> { });
        Platform.setImplicitExit(false); // the explorer stages close before the file browser opens one
        explorer(md);
        files(md);
        ReplayBench.run(md);
        Files.writeString(out, Files.readString(out) + md, StandardCharsets.UTF_8);
        System.out.print(md);
        Platform.exit();
        System.exit(0);
    }

    // --- startup -------------------------------------------------------------------------------

    private static void startup(StringBuilder md, Path appJar) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Path warm = Files.createTempDirectory("sandbench-bench-");
        // Records the class-data archive and the engine's database once, so the rows below are warm starts.
        launch(List.of(java, "-jar", appJar.toString(), "--data-dir", warm.toString(), "--startup-report"), Map.of());
        int runs = 5;
        List<Long> base = new ArrayList<>();
        List<Long> ready = new ArrayList<>();
        List<Long> window = new ArrayList<>();
        List<Long> noCds = new ArrayList<>();
        List<Long> fresh = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            base.add(launch(List.of(java, "-cp", cp, EmptyWindow.Launcher.class.getName()), Map.of()).get("wall_ms"));
            Map<String, Long> r = launch(List.of(java, "-jar", appJar.toString(), "--data-dir", warm.toString(), "--startup-report"), Map.of());
            ready.add(r.get("wall_ms"));
            window.add(r.get("window_ms"));
            noCds.add(launch(List.of(java, "-jar", appJar.toString(), "--data-dir", warm.toString(), "--startup-report"),
                    Map.of("SANDBENCH_CDS", "off")).get("wall_ms"));
            Path home = Files.createTempDirectory("sandbench-bench-");
            fresh.add(launch(List.of(java, "-jar", appJar.toString(), "--data-dir", home.toString(), "--startup-report"), Map.of()).get("wall_ms"));
        }
        long b = median(base);
        md.append("Launch to an interactive window: wall time from spawning `java -jar app/target/sandbench-app.jar --startup-report` "
                + "(under Xvfb) until it reports ready, against a JavaFX window holding one label, launched from the same class path "
                + "and timed the same way. \"Ready\" means the window is painted, the embedded engine has started (its runtime "
                + "self-test runs a real sandbox), the workbench is connected and the sandbox list is read. The jar relaunches "
                + "itself with an application class-data archive (AppCDS, recorded on the first run; docs/decisions/0009).\n\n");
        md.append("| measurement | n | median | min | max | target |\n|---|---:|---:|---:|---:|---|\n");
        row(md, "empty JavaFX window painted (baseline)", base, "");
        row(md, "workbench ready, embedded engine connected", ready, "under 3 s");
        row(md, "workbench ready without the class-data archive (`SANDBENCH_CDS=off`)", noCds, "");
        row(md, "workbench ready on a first start (fresh data directory)", fresh, "");
        row(md, "of which: window painted (child JVM's clock)", window, "");
        md.append(String.format(Locale.ROOT, "%nReady / baseline = **%.2fx**; without the archive %.2fx.%n%n",
                median(ready) / (double) b, median(noCds) / (double) b));
    }

    private static final Pattern KV = Pattern.compile("(\\w+)=(\\d+)");

    /** Runs a program that prints a startup report; adds wall_ms, from spawn to the report line. */
    private static Map<String, Long> launch(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        Map<String, Long> values = new java.util.HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("startup-report")) continue;
                values.put("wall_ms", (System.nanoTime() - t0) / 1_000_000);
                Matcher m = KV.matcher(line);
                while (m.find()) values.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
        if (values.isEmpty()) throw new IllegalStateException(cmd + " printed no startup report (exit " + p.exitValue() + ")");
        return values;
    }

    // --- explorer --------------------------------------------------------------------------------

    private static void explorer(StringBuilder md) throws Exception {
        // Warms up the JIT on both sizes, so neither measured run pays for it.
        Explorer.open(1000).close();
        Explorer.open(10).close();
        Explorer small = Explorer.open(10);
        Explorer big = Explorer.open(1000);
        md.append("The explorer with 1,000 sandboxes, against the same explorer with 10. Sandbox records go through the explorer's "
                + "real event path (`sandbox.created` / `sandbox.updated` events as the live stream delivers them) into the real "
                + "view on a 420x900 stage; 1,000 live sandboxes would measure the engine, not the window. Times are FX-thread "
                + "time for the change including CSS and layout.\n\n");
        md.append("| measurement | 10 sandboxes | 1,000 sandboxes | ratio |\n|---|---:|---:|---:|\n");
        compare(md, "load the list (one batch of created events)", small.loadMs, big.loadMs);
        compare(md, "status update batch of 50 events, p50", small.updateP50, big.updateP50);
        compare(md, "status update batch of 50 events, p99", small.updateP99, big.updateP99);
        compare(md, "search keystroke (filter), median", small.filterMs, big.filterMs);
        compare(md, "group by template", small.groupMs, big.groupMs);
        compare(md, "FX round trip while 200 updates/s stream in, p99", small.pingP99, big.pingP99);
        compare(md, "FX round trip while 200 updates/s stream in, max", small.pingMax, big.pingMax);
        md.append(String.format(Locale.ROOT, "%nIdle FX round trip p99 (baseline): %.2f ms.%n", big.idlePingP99));
        small.close();
        big.close();
    }

    // --- file browser --------------------------------------------------------------------------

    /** FX-thread time to show a directory of 100 and of 10,000 entries, listed by a real engine. */
    private static void files(StringBuilder md) throws Exception {
        Path data = Files.createTempDirectory("sandbench-bench-files-");
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        try (dev.sandbench.engine.Engine engine = dev.sandbench.engine.Engine.start(
                dev.sandbench.engine.core.EngineConfig.defaults(data.resolve("engine")).withPort(0).withWarmPool(0));
             dev.sandbench.client.SandbenchClient client = dev.sandbench.client.SandbenchClient.connect(engine.url(), engine.adminKey())) {
            Sandbox s = client.sandboxes().create();
            client.exec().run(s.id(), "mkdir -p /workspace/small /workspace/big && cd /workspace/small && seq -f 'f%05g.txt' 1 100 | xargs touch"
                    + " && cd /workspace/big && seq -f 'f%05g.txt' 1 10000 | xargs touch");
            FxUiExecutor ui = new FxUiExecutor();
            dev.sandbench.app.connection.Connection conn = dev.sandbench.app.connection.Connection.open(
                    new dev.sandbench.app.connection.ConnectionProfile("bench", "bench", engine.url(), null, false), engine.adminKey(), ui);
            dev.sandbench.app.files.FileBrowserViewModel vm = new dev.sandbench.app.files.FileBrowserViewModel(ui, new Notifier(),
                    new dev.sandbench.app.files.TransferQueue(ui));
            dev.sandbench.app.files.FileBrowserView[] view = new dev.sandbench.app.files.FileBrowserView[1];
            Stage[] stage = new Stage[1];
            fx(() -> {
                view[0] = new dev.sandbench.app.files.FileBrowserView(vm, f -> { });
                stage[0] = new Stage();
                Scene scene = new Scene((Parent) view[0].node(), 420, 900);
                scene.getStylesheets().add(ExplorerView.class.getResource("/dev/sandbench/app/workbench.css").toExternalForm());
                stage[0].setScene(scene);
                stage[0].show();
                vm.connectionProperty().set(conn);
                vm.sandboxProperty().set(new SandboxItem(s));
                return null;
            });
            double[] small = new double[5];
            double[] big = new double[5];
            for (int i = 0; i < 5; i++) {
                small[i] = open(vm, view[0], "/workspace/small", 100);
                big[i] = open(vm, view[0], "/workspace/big", 10_000);
            }
            md.append("\nThe file browser showing a directory listed by a real engine: FX-thread time from the listing's arrival to "
                    + "the tree updated, styled and laid out (the listing itself is fetched off the FX thread).\n\n");
            md.append("| measurement | n | 100 entries (baseline) | 10,000 entries | ratio | target |\n|---|---:|---:|---:|---:|---|\n");
            md.append(String.format(Locale.ROOT, "| open a directory, median | 5 | %.1f ms | %.1f ms | %.1fx | under 1 s of FX time |%n",
                    pct(small, 50), pct(big, 50), pct(big, 50) / Math.max(0.01, pct(small, 50))));
            fx(() -> {
                stage[0].close();
                conn.close();
                return null;
            });
            ui.close();
            client.sandboxes().destroy(s.id());
        }
    }

    private static double open(dev.sandbench.app.files.FileBrowserViewModel vm, dev.sandbench.app.files.FileBrowserView view,
                               String dir, int entries) throws Exception {
        fx(() -> {
            vm.rootProperty().set(dir);
            return null;
        });
        long deadline = System.currentTimeMillis() + 30_000;
        while (fx(() -> view.tree().getRoot() == null || view.tree().getRoot().getChildren().size() != entries)) {
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException(dir + " was not listed");
            Thread.sleep(20);
        }
        double ms = view.lastListingNanos() / 1e6;
        fx(() -> {
            vm.rootProperty().set("/");
            return null;
        });
        return ms;
    }

    private static final class Explorer {
        Stage stage;
        ExplorerViewModel vm;
        FxUiExecutor ui;
        double loadMs, updateP50, updateP99, filterMs, groupMs, pingP99, pingMax, idlePingP99;

        static Explorer open(int n) throws Exception {
            Explorer e = new Explorer();
            fx(() -> {
                Theme.LIGHT.apply();
                e.ui = new FxUiExecutor();
                e.vm = new ExplorerViewModel(e.ui, new Notifier());
                AppAction nop = new AppAction("nop", "Nothing", "Bench", null, null, () -> { }, null);
                ExplorerView view = new ExplorerView(e.vm, FXCollections.observableArrayList(), nop, nop, List.of(nop), nop);
                e.stage = new Stage();
                Scene scene = new Scene((Parent) view.node(), 420, 900);
                scene.getStylesheets().add(ExplorerView.class.getResource("/dev/sandbench/app/workbench.css").toExternalForm());
                e.stage.setScene(scene);
                e.stage.show();
                return null;
            });
            List<Sandbox> all = new ArrayList<>();
            for (int i = 0; i < n; i++) all.add(sandbox(i, SandboxStatus.RUNNING));
            List<EngineEvent> created = all.stream().map(s -> event("sandbox.created", s)).toList();
            e.loadMs = timed(e, () -> e.vm.ingest(created));
            double[] updates = new double[40];
            for (int round = 0; round < updates.length; round++) {
                List<EngineEvent> batch = new ArrayList<>();
                for (int k = 0; k < 50; k++) {
                    int idx = (round * 50 + k) % n;
                    batch.add(event("sandbox.updated", sandbox(idx, round % 2 == 0 ? SandboxStatus.PAUSED : SandboxStatus.RUNNING)));
                }
                updates[round] = timed(e, () -> e.vm.ingest(batch));
            }
            e.updateP50 = pct(updates, 50);
            e.updateP99 = pct(updates, 99);
            double[] keys = new double[4];
            String[] typed = {"a", "ag", "age", "agent-9"};
            for (int i = 0; i < typed.length; i++) {
                String q = typed[i];
                keys[i] = timed(e, () -> e.vm.filterTextProperty().set(q));
            }
            timed(e, () -> e.vm.filterTextProperty().set(""));
            e.filterMs = pct(keys, 50);
            e.groupMs = timed(e, () -> e.vm.groupingProperty().set(Grouping.TEMPLATE));
            timed(e, () -> e.vm.groupingProperty().set(Grouping.NONE));
            e.idlePingP99 = pct(ping(e, 150), 99);
            // Stream 200 updates/s through the same coalescing path the event subscription uses.
            Coalescer<EngineEvent> stream = new Coalescer<>(e.ui, e.vm::ingest);
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 1000 && !Thread.currentThread().isInterrupted(); i++) {
                    stream.add(event("sandbox.updated", sandbox(i % n, i % 3 == 0 ? SandboxStatus.PAUSED : SandboxStatus.RUNNING)));
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
            }, "bench-producer");
            producer.start();
            double[] pings = ping(e, 200);
            producer.interrupt();
            producer.join();
            e.pingP99 = pct(pings, 99);
            e.pingMax = Arrays.stream(pings).max().orElse(0);
            return e;
        }

        void close() throws Exception {
            fx(() -> {
                stage.close();
                vm.close();
                ui.close();
                return null;
            });
        }
    }

    private static double[] ping(Explorer e, int n) throws Exception {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            fx(() -> null);
            out[i] = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(20);
        }
        return out;
    }

    /** FX-thread time of a change plus the CSS and layout it causes. */
    private static double timed(Explorer e, Runnable change) throws Exception {
        return fx(() -> {
            long t0 = System.nanoTime();
            change.run();
            Parent root = e.stage.getScene().getRoot();
            root.applyCss();
            root.layout();
            return (System.nanoTime() - t0) / 1e6;
        });
    }

    static <T> T fx(Supplier<T> s) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(s.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    private static Sandbox sandbox(int i, SandboxStatus status) {
        Instant created = Instant.parse("2026-11-22T00:00:00Z").plusSeconds(i);
        return new Sandbox(String.format("sbx_bench%07d", i), status, TEMPLATES[i % TEMPLATES.length], 1, 512, 5, NetworkMode.NONE,
                created, null, null, null, null, 3600L, "agent-" + i, created.plusSeconds(3600), created, Map.of("run", "r" + (i % 7)),
                "bubblewrap", 512, null, List.of(), null, null, TEMPLATES[i % TEMPLATES.length], Map.of());
    }

    private static EngineEvent event(String type, Sandbox s) {
        ObjectNode data = EngineHttp.MAPPER.createObjectNode();
        data.put("status", s.status().name().toLowerCase(Locale.ROOT));
        data.set("sandbox", EngineHttp.MAPPER.valueToTree(s));
        return new EngineEvent("0-1", type, s.id(), Instant.now(), data);
    }

    static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    private static long median(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static void row(StringBuilder md, String what, List<Long> v, String target) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %d ms | %d ms | %d ms | %s |%n", what, v.size(), median(v),
                v.stream().mapToLong(x -> x).min().orElse(0), v.stream().mapToLong(x -> x).max().orElse(0), target));
    }

    private static void compare(StringBuilder md, String what, double small, double big) {
        md.append(String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.1fx |%n", what, small, big, big / Math.max(0.01, small)));
    }
}
