package dev.sandbench.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An engine in its own process, as users run it, for tests that kill it or run it as another
 * user, and for the benchmarks. Waits for "listening on", then keeps draining its output.
 */
public record ChildEngine(Process process, Path dataDir, String url, String key) implements AutoCloseable {

    /** {@code java -cp <this test's classpath> EngineMain --port 0 --data-dir <dataDir>}. */
    public static ChildEngine fromClasspath(Path dataDir, String... extraArgs) throws IOException {
        return fromClasspath(dataDir, Map.of(), extraArgs);
    }

    /** The same with variables added to the engine's environment. */
    public static ChildEngine fromClasspath(Path dataDir, Map<String, String> env, String... extraArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                "dev.sandbench.engine.EngineMain", "--port", "0", "--data-dir", dataDir.toString()));
        cmd.addAll(List.of(extraArgs));
        return start(cmd, env, dataDir);
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static ChildEngine start(List<String> command, Map<String, String> env, Path dataDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = r.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.contains("listening on ")) {
                String url = line.substring(line.indexOf("http"));
                java.util.Deque<String> tail = new java.util.concurrent.ConcurrentLinkedDeque<>();
                LOGS.put(p.pid(), tail);
                Thread drain = new Thread(() -> {
                    try {
                        for (String l; (l = r.readLine()) != null; ) {
                            tail.addLast(l);
                            if (tail.size() > 300) tail.pollFirst();
                        }
                    } catch (IOException ignored) {
                        // the engine ended
                    }
                }, "child-engine-output");
                drain.setDaemon(true);
                drain.start();
                return new ChildEngine(p, dataDir, url, Files.readString(dataDir.resolve("admin.key")).strip());
            }
        }
        throw new IOException("the engine did not start:\n" + seen);
    }

    private static final Map<Long, java.util.Deque<String>> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The last lines the engine logged, for failure messages. */
    public String log() {
        java.util.Deque<String> tail = LOGS.get(process.pid());
        return tail == null ? "" : String.join("\n", tail);
    }

    public TestEngine.Client client() {
        return TestEngine.client(url, key, dataDir);
    }

    /** kill -9: no shutdown hook runs. */
    public void crash() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
