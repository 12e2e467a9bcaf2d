package dev.sandbench.engine;

import dev.sandbench.engine.core.EngineConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real engine on a free loopback port with a throwaway data directory, and a small HTTP client for it. */
public final class TestEngine implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final Path dataDir;
    private Engine engine;
    private String key;

    public TestEngine() throws IOException {
        this(Files.createTempDirectory("sandbench-test-"));
    }

    public TestEngine(Path dataDir) throws IOException {
        this(dataDir, c -> c);
    }

    /** An engine whose configuration the test adjusts (for example without a warm pool). */
    public TestEngine(java.util.function.UnaryOperator<EngineConfig> configure) throws IOException {
        this(Files.createTempDirectory("sandbench-test-"), configure);
    }

    private final java.util.function.UnaryOperator<EngineConfig> configure;

    public TestEngine(Path dataDir, java.util.function.UnaryOperator<EngineConfig> configure) throws IOException {
        this.dataDir = dataDir;
        this.configure = configure;
        start();
    }

    public void start() throws IOException {
        engine = Engine.start(configure.apply(EngineConfig.defaults(dataDir).withPort(0)));
        key = engine.adminKey();
    }

    /** Stops the engine the way a crash would not: cleanly. Data stays. */
    public void stop() {
        engine.close();
    }

    public Engine engine() { return engine; }
    public Path dataDir() { return dataDir; }
    public String adminKey() { return key; }
    public String url() { return engine.url(); }

    public Client client() { return new Client(url(), key, dataDir); }

    public Client client(String apiKey) { return new Client(url(), apiKey, dataDir); }

    /** A client for any engine by URL. */
    public static Client client(String url, String apiKey) { return new Client(url, apiKey, null); }

    /** A client for an engine whose data directory no answer may name. */
    public static Client client(String url, String apiKey, Path dataDir) { return new Client(url, apiKey, dataDir); }

    /** A response with its status, body and parsed JSON (null when the body is not JSON). */
    public record Res(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** Calls the engine with one API key. */
    public static final class Client {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final String apiKey;
        /** Host paths no answer may contain: the engine's data directory, as given and as resolved. */
        private final java.util.List<String> hidden;

        Client(String base, String apiKey, Path dataDir) {
            this.base = base;
            this.apiKey = apiKey;
            java.util.List<String> h = new java.util.ArrayList<>();
            if (dataDir != null) {
                h.add(dataDir.toAbsolutePath().normalize().toString());
                try {
                    h.add(dataDir.toRealPath().toString());
                } catch (IOException e) {
                    // not there yet
                }
            }
            this.hidden = java.util.List.copyOf(h);
        }

        /**
         * Every answer of every test is checked here: no error, listing or log may tell a caller
         * where the engine keeps its files on the host (an admin key's /v1/info names it in data_dir).
         */
        private void assertNoHostPath(String method, String path, String body) {
            assertNoHostPath(method, path, null, body);
        }

        /** As above; an answer may repeat what the request said (a command's own output echoing a path it was given). */
        private void assertNoHostPath(String method, String path, String request, String body) {
            if (body == null || hidden.isEmpty()) return;
            if (request != null && hidden.stream().anyMatch(request::contains)) return;
            String checked = path.startsWith("/v1/info") ? body.replaceFirst("\"data_dir\":\"[^\"]*\"", "") : body;
            for (String h : hidden) {
                if (checked.contains(h)) {
                    throw new AssertionError(method + " " + path + " answered with the engine's data directory (" + h + "): " + body);
                }
            }
        }

        public String url() { return base; }

        /** The key this client sends (null for none). */
        public String apiKey() { return apiKey; }

        public Res get(String path) { return send("GET", path, null, null); }
        public Res delete(String path) { return send("DELETE", path, null, null); }
        public Res post(String path, Object body) { return send("POST", path, body, "application/json"); }
        public Res put(String path, Object body) { return send("PUT", path, body, "application/json"); }

        public Res send(String method, String path, Object body, String contentType) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
                if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
                if (contentType != null) b.header("Content-Type", contentType);
                HttpRequest.BodyPublisher pub;
                String sent = null;
                if (body == null) pub = HttpRequest.BodyPublishers.noBody();
                else if (body instanceof byte[] bytes) pub = HttpRequest.BodyPublishers.ofByteArray(bytes);
                else if (body instanceof String s) pub = HttpRequest.BodyPublishers.ofString(sent = s);
                else pub = HttpRequest.BodyPublishers.ofString(sent = JSON.writeValueAsString(body));
                b.method(method, pub);
                HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
                assertNoHostPath(method, path, sent == null ? path : sent + path, r.body());
                return new Res(r.statusCode(), r.body(), r);
            } catch (IOException e) {
                throw new AssertionError(method + " " + path + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        public HttpResponse<byte[]> bytes(HttpRequest.Builder b) {
            try {
                if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
                HttpRequest req = b.build();
                HttpResponse<byte[]> r = HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() >= 400) {
                    assertNoHostPath(req.method(), req.uri().getPath(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
                }
                return r;
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Creates a sandbox and returns its id. */
        public String createSandbox(Object body) {
            Res r = post("/v1/sandboxes", body);
            if (r.status() != 201) throw new AssertionError("create failed: " + r);
            return r.json().get("id").asText();
        }

        public String createSandbox() {
            return createSandbox(java.util.Map.of());
        }

        /** Runs a command and returns the whole exec result. */
        public JsonNode exec(String id, String command) {
            Res r = post("/v1/sandboxes/" + id + "/exec", java.util.Map.of("command", command));
            if (r.status() != 200) throw new AssertionError("exec failed: " + r);
            return r.json();
        }

        public String output(String id, String command) {
            return exec(id, command).get("output").asText();
        }
    }

    /** The host directory holding a sandbox's workspace, found by a marker written through the API. */
    public Path sandboxDir(String id) {
        String marker = ".marker-" + System.nanoTime();
        client().put("/v1/sandboxes/" + id + "/files/content", java.util.Map.of("path", "/workspace/" + marker, "content", id));
        try (Stream<Path> dirs = Files.list(sandboxesDir(dataDir))) {
            Path found = dirs.filter(d -> Files.exists(d.resolve("workspace").resolve(marker))).findFirst()
                    .orElseThrow(() -> new AssertionError("no directory for " + id));
            Files.delete(found.resolve("workspace").resolve(marker));
            return found;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Where an engine keeps its sandboxes' directories: on its own storage as root
     * (docs/decisions/0015), else in the data directory.
     */
    public static Path sandboxesDir(Path dataDir) {
        Path storage = dataDir.resolve("storage").resolve("sandboxes");
        return Files.isDirectory(storage) ? storage : dataDir.resolve("sandboxes");
    }

    /** Unmounts what an engine killed without its shutdown left mounted in its data directory (its storage). */
    static void unmountBelow(Path root) {
        try {
            String prefix = root.toRealPath().toString() + "/";
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String mount = line.split(" ")[4];
                if (mount.startsWith(prefix)) {
                    new ProcessBuilder("umount", "-l", mount).redirectErrorStream(true).start().waitFor();
                }
            }
        } catch (IOException e) {
            // nothing mounted, or not ours to unmount
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            deleteTree(dataDir);
        }
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        unmountBelow(root);
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
