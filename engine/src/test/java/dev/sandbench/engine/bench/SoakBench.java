package dev.sandbench.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak run: N concurrent clients (default 50), each with its own API key, loop over create,
 * execs, file writes and a read, a terminal session and destroy against one engine for a while
 * (default 5 minutes). Records throughput, latency per operation, errors, and the engine's
 * memory, open files, threads and processes before and after. Rewrites only the "## Soak"
 * section of docs/benchmarks.md. Run with {@code bench/soak}; not part of the test suite.
 */
public final class SoakBench {
    private SoakBench() {}

    static final String[] OPS = {"create", "exec", "write file", "read file", "terminal", "destroy"};

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
        int clients = Integer.getInteger("soak.clients", 50);
        int seconds = Integer.getInteger("soak.seconds", 300);
        // Native memory tracking, to say where resident memory that stays up after the load is.
        try (EngineBench.ExternalEngine engine = EngineBench.ExternalEngine.start(List.of("-XX:NativeMemoryTracking=summary"))) {
            TestEngine.Client admin = engine.client();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                keys.add(admin.post("/v1/account/keys", Map.of("name", "soak-" + i)).json().get("key").asText());
            }
            // Warm up every path once, then let the engine settle before the baseline.
            new Client(engine, keys.get(0), 0).iteration();
            Snapshot before = Snapshot.of(engine);
            Map<String, EngineBench.Stats> stats = new ConcurrentHashMap<>();
            Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
            for (String op : OPS) {
                stats.put(op, new EngineBench.Stats());
                errors.put(op, new AtomicLong());
            }
            Map<String, String> firstErrors = new ConcurrentHashMap<>();
            // Two rounds of load: the first shows what the engine keeps once it has served a crowd
            // (JIT-compiled code, a grown heap), the second whether that grows further (a leak) or stays.
            int rounds = Integer.getInteger("soak.rounds", 2);
            List<Snapshot> afters = new ArrayList<>();
            List<Snapshot> idles = new ArrayList<>();
            double elapsed = 0;
            for (int round = 0; round < rounds; round++) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                long start = System.nanoTime();
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    Client c = new Client(engine, keys.get(i), i);
                    c.stats = stats;
                    c.errors = errors;
                    c.firstErrors = firstErrors;
                    Thread t = new Thread(() -> {
                        while (System.nanoTime() < deadline) c.iteration();
                    }, "soak-client-" + i);
                    t.start();
                    threads.add(t);
                }
                for (Thread t : threads) t.join();
                elapsed += (System.nanoTime() - start) / 1e9;
                // Everything the clients made is destroyed; give the engine a moment to reap, then count.
                afters.add(Snapshot.settle(engine, before));
                // Idle pool threads (Jetty's, the file helpers') end after their keep-alive time: count again later.
                idles.add(Snapshot.idle(engine, before));
            }
            String md = section(clients, rounds, elapsed, stats, errors, firstErrors, before, afters, idles,
                    admin.get("/v1/sandboxes").json().size());
            System.out.print(md);
            replaceSection(out, md);
        }
    }

    /** One simulated client: its own key, its own sandbox per iteration. */
    static final class Client {
        private static final HttpClient WS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final EngineBench.Plain http;
        private final EngineBench.ExternalEngine engine;
        private final String key;
        private final int n;
        Map<String, EngineBench.Stats> stats;
        Map<String, AtomicLong> errors;
        Map<String, String> firstErrors;

        Client(EngineBench.ExternalEngine engine, String key, int n) {
            this.engine = engine;
            this.key = key;
            this.n = n;
            this.http = new EngineBench.Plain(engine.url(), key);
        }

        interface Op {
            String run() throws Exception;
        }

        private String timed(String op, Op body) {
            long t = System.nanoTime();
            try {
                String r = body.run();
                if (stats != null) {
                    long d = System.nanoTime() - t;
                    synchronized (stats.get(op)) {
                        stats.get(op).add(d);
                    }
                }
                return r;
            } catch (Exception | AssertionError e) {
                if (errors == null) throw new IllegalStateException(op + " failed in the warm-up: " + e, e);
                errors.get(op).incrementAndGet();
                firstErrors.putIfAbsent(op, String.valueOf(e.getMessage()));
                return null;
            }
        }

        void iteration() {
            String body = timed("create", () -> http.call("POST", "/v1/sandboxes", "{\"name\":\"soak-" + n + "\"}"));
            if (body == null) return;
            String id;
            try {
                id = TestEngine.JSON.readTree(body).get("id").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            String sb = "/v1/sandboxes/" + id;
            for (int i = 0; i < 5; i++) {
                timed("exec", () -> check(http.call("POST", sb + "/exec", "{\"command\":\"echo soak-" + n + "\"}"), "soak-" + n));
            }
            for (int i = 0; i < 3; i++) {
                int f = i;
                timed("write file", () -> http.call("PUT", sb + "/files/content",
                        "{\"path\":\"/workspace/f" + f + ".txt\",\"content\":\"" + "x".repeat(4096) + "\"}"));
            }
            timed("read file", () -> check(http.call("GET", sb + "/files/content?path=/workspace/f2.txt", null), "xxxx"));
            timed("terminal", () -> terminal(id));
            timed("destroy", () -> http.call("DELETE", sb, null));
        }

        private static String check(String body, String expected) {
            if (!body.contains(expected)) throw new IllegalStateException("unexpected answer: " + body);
            return body;
        }

        /** Opens a PTY terminal, runs one command, waits for its output, closes. */
        private String terminal(String id) throws Exception {
            StringBuilder text = new StringBuilder();
            String marker = "term-" + n + "-ok";
            WebSocket ws = WS.newWebSocketBuilder().header("Authorization", "Bearer " + key)
                    .buildAsync(URI.create(engine.url().replace("http", "ws") + "/v1/sandboxes/" + id + "/terminal?rows=24&cols=80"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                    synchronized (text) {
                                        text.append(data);
                                    }
                                    w.request(1);
                                    return null;
                                }
                            }).get(30, TimeUnit.SECONDS);
            try {
                // printf builds the marker, so it appears in the output only, not in the echoed input.
                ws.sendText("{\"type\":\"input\",\"data\":\"printf 'term-%s-ok\\\\n' " + n + "\\n\"}", true)
                        .get(10, TimeUnit.SECONDS);
                long deadline = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < deadline) {
                    synchronized (text) {
                        if (text.indexOf(marker) >= 0) return marker;
                    }
                    Thread.sleep(5);
                }
                throw new IllegalStateException("no terminal output '" + marker + "' within 30 s: " + text);
            } finally {
                ws.abort();
            }
        }
    }

    /** The engine process's resource use at one moment. */
    record Snapshot(long rssKb, long rssAnonKb, long rssFileKb, long heapUsedKb, long fds, long threads, long processes, long sandboxDirs,
                    Map<String, Integer> threadsByName, Map<String, Long> committedKb) {
        static Snapshot of(EngineBench.ExternalEngine engine) throws Exception {
            long pid = engine.child().process().pid();
            gc(pid);
            long rss = 0;
            long anon = 0;
            long file = 0;
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) rss = Long.parseLong(l.replaceAll("\\D", ""));
                if (l.startsWith("RssAnon:")) anon = Long.parseLong(l.replaceAll("\\D", ""));
                if (l.startsWith("RssFile:")) file = Long.parseLong(l.replaceAll("\\D", ""));
            }
            return new Snapshot(rss, anon, file, heapUsed(pid), count(Path.of("/proc/" + pid + "/fd")), count(Path.of("/proc/" + pid + "/task")),
                    engine.child().process().descendants().count(), count(dev.sandbench.engine.TestEngine.sandboxesDir(engine.dataDir())),
                    threadsByName(pid), committed(pid));
        }

        /** What the JVM has committed, by native memory tracking's category (KB). */
        static Map<String, Long> committed(long pid) throws Exception {
            Map<String, Long> by = new java.util.TreeMap<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)")
                    .matcher(jcmd(pid, "VM.native_memory summary"));
            while (m.find()) by.put(m.group(1).strip(), Long.parseLong(m.group(2)));
            return by;
        }

        /** The categories whose committed memory grew by a megabyte or more since {@code base}, as "name +n MB". */
        String committedGrowth(Snapshot base) {
            StringBuilder b = new StringBuilder();
            committedKb.forEach((name, kb) -> {
                long grew = kb - base.committedKb.getOrDefault(name, 0L);
                if (grew >= 1024) b.append(b.length() == 0 ? "" : ", ").append(name).append(" +").append(grew >> 10).append(" MB");
            });
            return b.length() == 0 ? "none" : b.toString();
        }

        /** Thread counts by name with numbers and sandbox ids taken out ("qtp12-45" and "qtp12-46" are one "qtp#-#"). */
        static Map<String, Integer> threadsByName(long pid) throws IOException {
            Map<String, Integer> by = new java.util.TreeMap<>();
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        // Per-sandbox threads carry the sandbox's id: one name for all of them.
                        String name = Files.readString(t.resolve("comm")).strip().replaceAll("\\d+", "#")
                                .replaceAll("^([a-z]+(?:-send)?)-.*", "$1-…");
                        by.merge(name, 1, Integer::sum);
                    } catch (IOException gone) {
                        // the thread ended meanwhile
                    }
                }
            }
            return by;
        }

        /** The names whose count grew from {@code base}, as "name +n". */
        String grownSince(Snapshot base) {
            StringBuilder b = new StringBuilder();
            threadsByName.forEach((name, n) -> {
                int was = base.threadsByName.getOrDefault(name, 0);
                if (n > was) b.append(b.length() == 0 ? "" : ", ").append('`').append(name).append("` +").append(n - was);
            });
            return b.length() == 0 ? "none" : b.toString();
        }

        /** Waits (up to a minute) for the counts to come back to the baseline, then measures. */
        static Snapshot settle(EngineBench.ExternalEngine engine, Snapshot base) throws Exception {
            Snapshot s = of(engine);
            for (int i = 0; i < 60 && (s.processes > base.processes || s.fds > base.fds + 8 || s.sandboxDirs > base.sandboxDirs); i++) {
                Thread.sleep(1000);
                s = of(engine);
            }
            return s;
        }

        /**
         * Waits up to three minutes of idleness for the thread count to come back to the baseline
         * (pools give back 8 threads every 10 s), and at least 35 s (one native heap trim), then measures.
         */
        static Snapshot idle(EngineBench.ExternalEngine engine, Snapshot base) throws Exception {
            long pid = engine.child().process().pid();
            long start = System.nanoTime();
            for (int i = 0; i < 180 && (count(Path.of("/proc/" + pid + "/task")) > base.threads + 2
                    || System.nanoTime() - start < TimeUnit.SECONDS.toNanos(35)); i++) {
                Thread.sleep(1000);
            }
            return of(engine);
        }

        private static long count(Path dir) throws IOException {
            try (var s = Files.list(dir)) {
                return s.count();
            }
        }

        private static void gc(long pid) throws Exception {
            jcmd(pid, "GC.run");
        }

        /** The heap in use after a full GC, from "used NNNK" in jcmd GC.heap_info. */
        private static long heapUsed(long pid) throws Exception {
            String info = jcmd(pid, "GC.heap_info");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }

        private static String jcmd(long pid, String what) throws Exception {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), what).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return text;
        }
    }

    static String section(int clients, int rounds, double elapsed, Map<String, EngineBench.Stats> stats,
                          Map<String, AtomicLong> errors, Map<String, String> firstErrors, Snapshot before,
                          List<Snapshot> afters, List<Snapshot> idles, int sandboxesLeft) {
        Snapshot idle = idles.get(idles.size() - 1);
        long total = 0;
        long errorTotal = 0;
        StringBuilder rows = new StringBuilder();
        for (String op : OPS) {
            EngineBench.Stats s = stats.get(op);
            total += s.n();
            errorTotal += errors.get(op).get();
            rows.append("| %s | %d | %.1f ms | %.1f ms | %d |\n".formatted(op, s.n(), s.n() == 0 ? 0 : s.p(50),
                    s.n() == 0 ? 0 : s.p(99), errors.get(op).get()));
        }
        StringBuilder errs = new StringBuilder();
        firstErrors.forEach((op, msg) -> errs.append("- first `").append(op).append("` error: ")
                .append(msg.length() > 200 ? msg.substring(0, 200) + "…" : msg).append('\n'));
        List<Snapshot> columns = new ArrayList<>(List.of(before));
        StringBuilder header = new StringBuilder("| resource | before");
        for (int r = 0; r < afters.size(); r++) {
            columns.add(afters.get(r));
            columns.add(idles.get(r));
            header.append(" | right after round ").append(r + 1).append(" | idle after round ").append(r + 1);
        }
        header.append(" |\n|---").append("|---:".repeat(columns.size())).append("|");
        StringBuilder counts = new StringBuilder();
        row(counts, "resident memory (VmRSS)", columns, c -> (c.rssKb >> 10) + " MB");
        row(counts, "of which anonymous (heap, stacks, malloc)", columns, c -> (c.rssAnonKb >> 10) + " MB");
        row(counts, "of which file-backed (the JVM's and libraries' code, jars, as touched)", columns, c -> (c.rssFileKb >> 10) + " MB");
        row(counts, "Java heap in use after a full GC", columns, c -> (c.heapUsedKb >> 10) + " MB");
        row(counts, "open file descriptors", columns, c -> Long.toString(c.fds));
        row(counts, "threads", columns, c -> Long.toString(c.threads));
        row(counts, "processes below the engine (warm pool included)", columns, c -> Long.toString(c.processes));
        row(counts, "sandbox directories in the data dir", columns, c -> Long.toString(c.sandboxDirs));
        Snapshot firstIdle = idles.get(0);
        return """
                ## Soak

                `bench/soak` on %s: %d concurrent clients, each with its own API key, for %.0f s in all against one engine
                (its own JVM, warm pool of 2, cgroup limits). Each client loops: create a sandbox, 5 execs
                (`echo`), 3 file writes of 4 KB, 1 read, a PTY terminal session (open, run a command, see its
                output, close), destroy. %d operations, **%.0f operations a second**, **%d errors** (target zero).

                | operation | n | p50 | p99 | errors |
                |---|---:|---:|---:|---:|
                %s
                %s
                Engine resources before the clients started, right after they stopped (having destroyed
                everything), and once idle pool threads had ended (35 s to 3 minutes later), each after a
                full GC, for each of %d rounds of the load against the same engine. Target: back to
                baseline. The JVM keeps what it grew to serve the load (compiled code, a larger heap), so
                the first round's idle figures are the engine's warm baseline; a leak would grow again in
                the next round. Sandboxes left afterwards: %d.

                %s
                %s
                Threads that were more when idle at the end than before, by name (from /proc, numbers as #;
                Linux cuts names to 15 characters): %s.

                Memory the JVM had committed when idle after the first round against before, where it grew by
                1 MB or more (native memory tracking, `jcmd VM.native_memory summary`): %s; after the last
                round against after the first: %s.
                """.formatted(LocalDate.now(), clients, elapsed, total, total / elapsed, errorTotal, rows.toString().stripTrailing(),
                errs, rounds, sandboxesLeft, header, counts, idle.grownSince(before), firstIdle.committedGrowth(before),
                idle.committedGrowth(firstIdle));
    }

    private static void row(StringBuilder out, String label, List<Snapshot> columns,
                            java.util.function.Function<Snapshot, String> value) {
        out.append("| ").append(label);
        for (Snapshot c : columns) out.append(" | ").append(value.apply(c));
        out.append(" |\n");
    }

    /** Replaces the "## Soak" section of the file (or adds it before "## Packages", or at the end). */
    static void replaceSection(Path out, String md) throws IOException {
        String existing = Files.exists(out) ? Files.readString(out) : "";
        List<String> sections = new ArrayList<>(List.of(existing.split("\n(?=## )")));
        sections.removeIf(s -> s.startsWith("## Soak"));
        int at = sections.size();
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).startsWith("## Packages")) at = i;
        }
        sections.add(at, md.stripTrailing() + "\n");
        StringBuilder b = new StringBuilder();
        for (String s : sections) {
            if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') b.append('\n');
            if (b.length() > 0) b.append('\n');
            b.append(s.strip()).append('\n');
        }
        Files.writeString(out, b.toString(), StandardCharsets.UTF_8);
    }
}
