package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TerminalTest {
    static TestEngine engine;
    static TestEngine.Client api;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine();
        api = engine.client();
        id = api.createSandbox();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** A terminal WebSocket client that records frames; it reads only when asked to, like a slow client can. */
    static final class Term implements WebSocket.Listener, AutoCloseable {
        final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        final StringBuilder screen = new StringBuilder();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final boolean autoRead;
        WebSocket ws;
        private final StringBuilder partial = new StringBuilder();

        Term(boolean autoRead) {
            this.autoRead = autoRead;
        }

        static Term open(String query, boolean autoRead) throws Exception {
            Term t = new Term(autoRead);
            t.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + engine.adminKey())
                    .buildAsync(URI.create(engine.url().replace("http", "ws") + "/v1/sandboxes/" + id + "/terminal" + query), t)
                    .get(10, TimeUnit.SECONDS);
            return t;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode f = TestEngine.JSON.readTree(partial.toString());
                    frames.add(f);
                    if (f.path("type").asText().equals("output")) {
                        synchronized (screen) {
                            screen.append(f.get("data").asText());
                        }
                    }
                } catch (Exception e) {
                    frames.add(TestEngine.JSON.createObjectNode().put("type", "unparsable"));
                }
                partial.setLength(0);
            }
            if (autoRead) webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        void send(String type, String data) {
            ws.sendText("{\"type\":\"" + type + "\",\"data\":" + TestEngine.JSON.valueToTree(data) + "}", true).join();
        }

        void resize(int rows, int cols) {
            ws.sendText("{\"type\":\"resize\",\"rows\":" + rows + ",\"cols\":" + cols + "}", true).join();
        }

        String awaitScreen(String text) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                synchronized (screen) {
                    if (screen.indexOf(text) >= 0) return screen.toString();
                }
                Thread.sleep(20);
            }
            synchronized (screen) {
                throw new AssertionError("'" + text + "' never appeared; screen:\n" + screen);
            }
        }

        JsonNode awaitFrame(String type) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                JsonNode f = frames.poll(100, TimeUnit.MILLISECONDS);
                if (f != null && f.path("type").asText().equals(type)) return f;
            }
            throw new AssertionError("no " + type + " frame");
        }

        @Override
        public void close() {
            ws.abort();
        }
    }

    @Test
    void anInteractiveShellRoundTripsAndResizes() throws Exception {
        try (Term t = Term.open("?rows=24&cols=80", true)) {
            t.send("input", "echo hi-$((6*7)); echo TERM=$TERM\n");
            t.awaitScreen("hi-42");
            t.awaitScreen("TERM=xterm-256color");
            t.send("input", "stty size\n");
            t.awaitScreen("24 80");
            t.resize(40, 120);
            t.send("input", "stty size\n");
            t.awaitScreen("40 120");
            t.ws.sendText("{\"type\":\"ping\"}", true).join();
            t.awaitFrame("pong");
            t.send("input", "exit 5\n");
            assertThat(t.awaitFrame("exit").get("code").asInt()).isEqualTo(5);
            assertThat(t.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        }
    }

    @Test
    void theTerminalControlsTheShellSoCtrlCStopsTheForegroundCommand() throws Exception {
        try (Term t = Term.open("?rows=24&cols=80", true)) {
            // Job control is on only when the shell has a controlling terminal.
            t.send("input", "case $- in *m*) echo job-control-$((1+1));; esac; test -t 0 && test -t 2 && echo tty-$((2+3))\n");
            t.awaitScreen("job-control-2");
            t.awaitScreen("tty-5");
            t.send("input", "sleep 600; echo after-$((3*3))\n");
            // Ctrl+C reaches the terminal's foreground process group: until the shell has forked
            // sleep and handed it the terminal, that group is the shell's own, which ignores it
            // (the same race as typing Ctrl+C at once in any terminal).
            awaitForeground("sleep 600");
            t.send("input", "\u0003");
            t.send("input", "echo back-$((4*4))\n");
            t.awaitScreen("back-16");
            assertThat(t.screen.toString()).doesNotContain("after-9");
            assertThat(api.output(id, "ps -eo args")).doesNotContain("sleep 600");
        }
    }

    /** Waits until a process whose arguments are {@code args} holds the terminal (its state has '+'). */
    private static void awaitForeground(String args) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!api.output(id, "ps -eo stat=,args=").lines().anyMatch(l -> l.strip().matches("\\S*\\+\\S*\\s+" + args))) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("'" + args + "' never held the terminal");
            Thread.sleep(20);
        }
    }

    @Test
    void aProcessThatKeepsTheTerminalOpenDoesNotKeepTheEngineReadingIt() throws Exception {
        String box = api.createSandbox();
        try (Term t = openOn(box, "?rows=24&cols=80")) {
            // Out of the shell's process tree (its parent is the sandbox's init), still holding the terminal.
            t.send("input", "(setsid sleep 313 &); echo escaped-$((1+1))\n");
            t.awaitScreen("escaped-2");
            // The shell's exit still ends the terminal.
            t.send("input", "exit 3\n");
            assertThat(t.awaitFrame("exit").get("code").asInt()).isEqualTo(3);
        }
        try (Term t = openOn(box, "?rows=24&cols=80")) {
            t.send("input", "(setsid sleep 313 &); echo escaped-$((2+2))\n");
            t.awaitScreen("escaped-4");
            // And so does closing the socket.
            t.ws.sendClose(1000, "bye").join();
        }
        assertThat(api.output(box, "ps -eo args")).contains("sleep 313");
        long deadline = System.currentTimeMillis() + 5_000;
        while (terminalThreads(box) > 0 && System.currentTimeMillis() < deadline) Thread.sleep(50);
        assertThat(terminalThreads(box)).as("the terminal's reader and sender threads").isZero();
        api.delete("/v1/sandboxes/" + box);
    }

    private static long terminalThreads(String box) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.getName().equals("terminal-" + box) || th.getName().equals("terminal-send-" + box)).count();
    }

    @Test
    void twoTerminalsAtOnceAndClosingEndsTheShell() throws Exception {
        try (Term a = Term.open("?rows=24&cols=80", true); Term b = Term.open("?rows=30&cols=100", true)) {
            a.send("input", "echo from-a; sleep 1234\n");
            b.send("input", "echo from-b; stty size\n");
            a.awaitScreen("from-a");
            b.awaitScreen("from-b");
            b.awaitScreen("30 100");
            assertThat(a.screen.toString()).doesNotContain("from-b");
            assertThat(api.output(id, "ps -eo args")).contains("sleep 1234");
            a.ws.sendClose(1000, "bye").join();
            for (int i = 0; i < 50 && api.output(id, "ps -eo args").contains("sleep 1234"); i++) Thread.sleep(100);
            assertThat(api.output(id, "ps -eo args")).doesNotContain("sleep 1234");
        }
    }

    @Test
    void execModeRunsOneCommandAndReportsItsExitCode() throws Exception {
        try (Term t = Term.open("", true)) {
            t.send("input", "echo first; echo second >&2; exit 3");
            assertThat(t.awaitFrame("exit").get("code").asInt()).isEqualTo(3);
            assertThat(t.screen.toString()).contains("first").contains("second");
            assertThat(t.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        }
        try (Term t = Term.open("", true)) {
            t.send("input", "true");
            assertThat(t.awaitFrame("exit").get("code").asInt()).isZero();
        }
    }

    @Test
    void aWrongOrMissingKeyIsRefusedBeforeTheUpgrade() throws Exception {
        String url = engine.url().replace("http", "ws") + "/v1/sandboxes/" + id + "/terminal?rows=24&cols=80";
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () ->
                HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {})
                        .get(10, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401);
        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(url + "&token=sk_wrong"), new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
        WebSocket ok = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(url + "&token=" + engine.adminKey()), new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
        ok.abort();
        String other = engine.url().replace("http", "ws") + "/v1/sandboxes/sbx_nope/terminal?token=" + engine.adminKey();
        ExecutionException missing = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () ->
                HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(other), new WebSocket.Listener() {})
                        .get(10, TimeUnit.SECONDS));
        assertThat(((WebSocketHandshakeException) missing.getCause()).getResponse().statusCode()).isEqualTo(404);
    }

    @Test
    void aTerminalIsRecordedAndExportsAsAPlayableCast() throws Exception {
        String box = api.createSandbox();
        try (Term t = openOn(box, "?rows=30&cols=100")) {
            t.send("input", "echo cast-$((40+2))\n");
            t.awaitScreen("cast-42");
            // What the risk rules read from a terminal: what was typed, and what came back.
            t.send("input", "cat ~/.ssh/id_rsa; echo Permission' 'denied; printf 'q\\\"\\\\\\t\\001 \\303\\251-end\\n'\n");
            t.awaitScreen("-end");
            for (int i = 0; i < 50; i++) t.send("input", "x");
            t.send("input", "\u0015exit 0\n");
            t.awaitFrame("exit");
        }
        JsonNode sessions = null;
        String sid = null;
        JsonNode replay = null;
        for (int i = 0; i < 50; i++) {
            sessions = api.get("/v1/sandboxes/" + box + "/sessions").json();
            sid = sessions.get(0).get("id").asText();
            replay = api.get("/v1/sessions/" + sid + "/replay").json();
            if (replay.findValuesAsText("type").contains("terminal_close")) break;
            Thread.sleep(100);
        }
        java.util.List<String> types = replay.findValuesAsText("type");
        java.util.Set<String> rules = new java.util.HashSet<>();
        StringBuilder out = new StringBuilder();
        for (JsonNode e : replay) {
            if (!e.path("type").asText().equals("terminal_io")) continue;
            e.path("data").path("flags").forEach(f -> rules.add(f.path("rule").asText()));
            e.path("data").path("chunks").forEach(c -> {
                if (c.path(1).asText().equals("o")) out.append(c.path(2).asText());
            });
        }
        assertThat(rules).contains("credential_file", "permission_denied");
        // Control characters, quotes, backslashes and UTF-8 come back as they were output.
        assertThat(out.toString()).contains("q\"\\\t\u0001 é-end");
        assertThat(types).contains("terminal_open", "terminal_io", "terminal_close");
        // Input and output are stored as timed chunks, not one row per keystroke.
        assertThat(types.stream().filter(x -> x.equals("terminal_io")).count()).isLessThan(10);
        TestEngine.Res cast = api.get("/v1/sessions/" + sid + "/export?format=cast");
        assertThat(cast.status()).isEqualTo(200);
        assertThat(cast.body().lines().findFirst().orElse("")).contains("\"version\":2").contains("\"width\":100");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("session", ".cast");
        java.nio.file.Files.writeString(file, cast.body());
        // asciinema wants a terminal of its own; script(1) gives it one.
        Process play = new ProcessBuilder("script", "-qec", "asciinema cat " + file, "/dev/null")
                .redirectErrorStream(true).start();
        String played = new String(play.getInputStream().readAllBytes());
        assertThat(play.waitFor()).as(played).isZero();
        assertThat(played).contains("cast-42");
        java.nio.file.Files.delete(file);
        api.delete("/v1/sandboxes/" + box);
    }

    private static Term openOn(String sandbox, String query) throws Exception {
        Term t = new Term(true);
        t.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + engine.adminKey())
                .buildAsync(URI.create(engine.url().replace("http", "ws") + "/v1/sandboxes/" + sandbox + "/terminal" + query), t)
                .get(10, TimeUnit.SECONDS);
        return t;
    }

    @Test
    void aFloodOfOutputNeitherGrowsEngineMemoryNorBlocksOtherSandboxes() throws Exception {
        String other = api.createSandbox();
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        try (Term t = Term.open("?rows=24&cols=80", false)) {
            t.send("input", "yes flood-flood-flood-flood\n");
            // The client reads nothing more: the engine must hold back, not buffer.
            Thread.sleep(3000);
            long start = System.nanoTime();
            assertThat(api.output(other, "echo responsive")).isEqualTo("responsive\n");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
            System.gc();
            long during = rt.totalMemory() - rt.freeMemory();
            assertThat(during - before).as("engine heap growth during the flood").isLessThan(64L << 20);
        }
        api.delete("/v1/sandboxes/" + other);
        for (int i = 0; i < 50 && api.output(id, "ps -eo args").contains("yes flood"); i++) Thread.sleep(100);
        assertThat(api.output(id, "ps -eo args")).doesNotContain("yes flood");
    }
}
