package dev.sandbench.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that vanish mid-stream (a terminal, a streamed exec, the event stream, an upload) leave
 * nothing behind: the engine's processes, open files and threads return to what they were, the
 * commands they started end, and no staging file is left. Counted on an engine in its own process.
 */
class DisconnectTest {
    static ChildEngine engine;
    static TestEngine.Client api;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        engine = ChildEngine.fromClasspath(Files.createTempDirectory("sandbench-disconnect-"), "--warm-pool", "0");
        api = engine.client();
        id = api.createSandbox();
        sandboxBaseline = sandboxProcesses();
        // Warm every path once, so pools and lazily started threads exist before the baseline.
        dropTerminal(1);
        dropExecStream(1);
        dropEventStream();
        dropUpload();
        awaitAtMost("sandbox processes", DisconnectTest::sandboxProcesses, sandboxBaseline, 0);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
            TestEngine.deleteTree(engine.dataDir());
        }
    }

    static long fds() {
        return count(Path.of("/proc", Long.toString(engine.process().pid()), "fd"));
    }

    static long threads() {
        return count(Path.of("/proc", Long.toString(engine.process().pid()), "task"));
    }

    static long descendants() {
        return engine.process().descendants().count();
    }

    static long sandboxBaseline;

    /** Processes in the sandbox, as seen by a command (which counts itself, its ps and its wc). */
    static long sandboxProcesses() {
        return Long.parseLong(api.output(id, "ps -e --no-headers | wc -l").trim());
    }

    static long stagingFiles() {
        try (Stream<Path> s = Files.walk(TestEngine.sandboxesDir(engine.dataDir()), 4)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".sandbench-upload-")).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long count(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void awaitAtMost(String what, LongSupplier value, long limit, long graceMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000 + graceMs;
        long v = value.getAsLong();
        while (v > limit && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            v = value.getAsLong();
        }
        assertThat(v).as("%s (at most %d)", what, limit).isLessThanOrEqualTo(limit);
    }

    static void awaitHostProcess(String text, boolean present) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (CrashRecoveryTest.processesMatching(text) > 0 != present && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(CrashRecoveryTest.processesMatching(text) > 0).as("a process running '%s'", text).isEqualTo(present);
    }

    static void dropTerminal(int n) throws Exception {
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(engine.url().replace("http", "ws") + "/v1/sandboxes/" + id
                        + "/terminal?rows=24&cols=80&token=" + engine.key()), new WebSocket.Listener() {})
                .get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"input\",\"data\":\"sleep 919" + n + "\\n\"}", true).get(5, TimeUnit.SECONDS);
        awaitHostProcess("sleep 919" + n, true);
        ws.abort();
        awaitHostProcess("sleep 919" + n, false);
    }

    static Socket open() throws IOException {
        URI u = URI.create(engine.url());
        Socket s = new Socket(u.getHost(), u.getPort());
        s.setSoTimeout(15_000);
        return s;
    }

    static void readUntil(InputStream in, String text) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] b = new byte[4096];
        while (seen.indexOf(text) < 0) {
            int n = in.read(b);
            if (n < 0) throw new AssertionError("stream ended before '" + text + "': " + seen);
            seen.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
        }
    }

    static void dropExecStream(int n) throws Exception {
        String body = "{\"command\":\"while :; do echo tick-" + n + "; sleep 0.05; done\"}";
        try (Socket s = open()) {
            s.getOutputStream().write(("POST /v1/sandboxes/" + id + "/exec/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + engine.key() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.ISO_8859_1));
            readUntil(s.getInputStream(), "tick-" + n);
        }
        awaitHostProcess("echo tick-" + n, false);
    }

    static void dropEventStream() throws Exception {
        try (Socket s = open()) {
            s.getOutputStream().write(("GET /v1/events/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + engine.key()
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            readUntil(s.getInputStream(), "200");
        }
    }

    static void dropUpload() throws Exception {
        try (Socket s = open()) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /v1/sandboxes/" + id + "/files/raw?path=/workspace/dropped.bin HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + engine.key() + "\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + (64 << 20) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 4; i++) out.write(chunk);
            out.flush();
            long deadline = System.currentTimeMillis() + 15_000;
            while (stagingFiles() == 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertThat(stagingFiles()).as("the upload is being staged").isPositive();
        }
        awaitAtMost("staging files", DisconnectTest::stagingFiles, 0, 0);
    }

    @Test
    void droppedTerminalsStreamsAndUploadsFreeEverything() throws Exception {
        long fds = fds();
        long threads = threads();
        long descendants = descendants();
        for (int i = 2; i <= 4; i++) {
            dropTerminal(i);
            dropExecStream(i);
            dropEventStream();
            dropUpload();
        }
        assertThat(api.get("/v1/sandboxes/" + id + "/files/stat?path=/workspace/dropped.bin").status()).isEqualTo(404);
        awaitAtMost("sandbox processes", DisconnectTest::sandboxProcesses, sandboxBaseline, 0);
        awaitAtMost("engine descendants", DisconnectTest::descendants, descendants, 0);
        awaitAtMost("engine open files", DisconnectTest::fds, fds + 4, 0);
        // Pools may keep a thread or two idle for a while; 12 disconnects must not leave one each.
        awaitAtMost("engine threads", DisconnectTest::threads, threads + 4, 0);
        assertThat(api.output(id, "echo alive")).isEqualTo("alive\n");
    }
}
