package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the API itself: every one answers a 4xx problem+json (never a 500, never HTML, never
 * a stack trace) and changes nothing it should not.
 */
class ApiAbuseTest {
    static TestEngine engine;
    static TestEngine.Client api;
    static TestEngine.Client other;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine(c -> c.withWarmPool(1));
        api = engine.client();
        other = engine.client(api.post("/v1/admin/accounts", Map.of("name", "intruder")).json().get("key").get("key").asText());
        id = api.createSandbox();
        api.exec(id, "echo keep > /workspace/keep.txt");
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static void assertProblem(TestEngine.Res r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).as(r.body()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static String f(String rest) {
        return "/v1/sandboxes/" + id + "/files" + rest;
    }

    @Test
    void traversalIsRefusedOnEveryFileRoute() {
        for (String bad : List.of("../etc/passwd", "/workspace/../etc/passwd", "a/../../etc", "/workspace/%2e%2e/etc")) {
            String q = bad.replace("%2e", "%252e");
            for (TestEngine.Res r : List.of(
                    api.get(f("?path=" + q)), api.get(f("/stat?path=" + q)), api.get(f("/content?path=" + q)),
                    api.get(f("/raw?path=" + q)), api.get(f("/archive?path=" + q)), api.delete(f("?path=" + q + "&recursive=true")),
                    api.put(f("/content"), Map.of("path", bad, "content", "x")),
                    api.send("PUT", f("/raw?path=" + q), new byte[]{1}, "application/octet-stream"),
                    api.send("POST", f("/upload?path=" + q), multipart("ok.txt", "x"), MULTIPART),
                    api.post(f("/move"), Map.of("from", "/workspace/keep.txt", "to", bad)),
                    api.post(f("/move"), Map.of("from", bad, "to", "/workspace/x")),
                    api.post(f("/mkdir"), Map.of("path", bad)))) {
                if (bad.contains("%2e")) {
                    // %2e%2e is a literal name here, not '..': whatever it answers, it is not a server error.
                    assertThat(r.status()).as(r.body()).isBetween(200, 499);
                } else {
                    assertProblem(r, 400);
                }
            }
        }
        for (String outside : List.of("/usr/x", "/etc/x", "/proc/self/x", "/x", "/var/tmp/x")) {
            assertProblem(api.put(f("/content"), Map.of("path", outside, "content", "x")), 403);
            assertProblem(api.post(f("/mkdir"), Map.of("path", outside)), 403);
            assertProblem(api.post(f("/move"), Map.of("from", "/workspace/keep.txt", "to", outside)), 403);
        }
        assertProblem(api.get(f("/content?path=/proc/1/environ")), 403);
        assertProblem(api.get(f("?path=/root")), 403);
        assertThat(api.output(id, "cat /workspace/keep.txt")).isEqualTo("keep\n");
    }

    static final String BOUNDARY = "----sandbench-abuse";
    static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

    static byte[] multipart(String... nameThenContent) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            b.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"files\"; filename=\"")
                    .append(nameThenContent[i]).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .append(nameThenContent[i + 1]).append("\r\n");
        }
        return b.append("--").append(BOUNDARY).append("--\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void maliciousMultipartUploadsAreRefused() {
        for (String name : List.of("../evil", "/etc/evil", "a/../../evil", "", ".", "./", "..\\..\\evil", "x\u0000y")) {
            TestEngine.Res r = api.send("POST", f("/upload?path=/workspace/up"), multipart(name, "evil"), MULTIPART);
            assertProblem(r, 400);
        }
        assertProblem(api.send("POST", f("/upload"), "--nope\r\ngarbage".getBytes(StandardCharsets.UTF_8), MULTIPART), 400);
        assertProblem(api.send("POST", f("/upload"), "{}", "application/json"), 415);
        assertProblem(api.send("POST", f("/upload"), multipart(), MULTIPART), 400);
        assertThat(api.output(id, "ls -a /workspace; ls /workspace/up 2>&1 | head -1")).doesNotContain("evil")
                .doesNotContain("sandbench-upload");
        assertThat(Files.exists(Path.of("/etc/evil"))).isFalse();
    }

    @Test
    void aSymlinkSwappedDuringWritesAndReadsNeverLeadsOutside() throws Exception {
        // The sandbox flips /workspace/race between a directory and a link to /etc as fast as it can.
        api.exec(id, "echo safe > /workspace/safe.txt; mkdir -p /workspace/race; "
                + "nohup sh -c 'while :; do mv -T /workspace/race /workspace/race.d 2>/dev/null; ln -sfn /etc /workspace/race; "
                + "rm -f /workspace/race; mv -T /workspace/race.d /workspace/race 2>/dev/null; "
                + "ln -sfn /proc/1/environ /workspace/flip; ln -sfn /workspace/safe.txt /workspace/flip; done' "
                + ">/dev/null 2>&1 & echo $! > /tmp/racer.pid");
        List<Integer> writes = new ArrayList<>();
        List<String> reads = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            writes.add(api.put(f("/content"), Map.of("path", "/workspace/race/pwned-" + i, "content", "x")).status());
            TestEngine.Res r = api.get(f("/content?path=/workspace/flip"));
            reads.add(r.status() == 200 ? r.json().asText() : Integer.toString(r.status()));
        }
        api.exec(id, "kill $(cat /tmp/racer.pid)");
        // A lost race is a refusal (403, or 404/409/422 when the directory vanished meanwhile), never a 5xx.
        assertThat(writes).allMatch(s -> s == 204 || (s >= 400 && s < 500), "204 or a refusal");
        assertThat(reads).allMatch(s -> s.equals("safe\n") || s.matches("4\\d\\d"), "the safe file or a refusal");
        assertThat(api.output(id, "ls /etc | grep -c pwned; ls -a /workspace/race* 2>/dev/null | grep -c pwned || true"))
                .startsWith("0\n");
        try (var host = Files.list(Path.of("/etc"))) {
            assertThat(host.filter(p -> p.getFileName().toString().startsWith("pwned-")).count()).isZero();
        }
    }

    @Test
    void malformedOversizedAndDeeplyNestedJsonIsABadRequest() {
        List<String[]> routes = List.of(new String[]{"POST", "/v1/sandboxes/" + id + "/exec"},
                new String[]{"PUT", f("/content")}, new String[]{"POST", f("/move")}, new String[]{"POST", f("/mkdir")},
                new String[]{"POST", "/v1/sandboxes/" + id + "/snapshots"}, new String[]{"POST", "/v1/events/ingest"},
                new String[]{"PUT", "/v1/alerts/rules/oom_kill"}, new String[]{"POST", "/v1/account/keys"},
                new String[]{"POST", "/v1/sandboxes/" + id + "/code"}, new String[]{"POST", "/v1/sandboxes/" + id + "/jobs"},
                new String[]{"PUT", "/v1/notifications/config"}, new String[]{"POST", "/v1/sandboxes"});
        String nested = "[".repeat(100_000) + "]".repeat(100_000);
        for (String[] r : routes) {
            for (String body : List.of("{not json", "[1,2]", "\"text\"", "{\"a\":1}}", nested, "{\"x\":\"\\ud800\"", "\u0000")) {
                TestEngine.Res res = api.send(r[0], r[1], body, "application/json");
                assertThat(res.status()).as(r[0] + " " + r[1] + " " + res.body()).isBetween(400, 499);
                assertThat(res.contentType()).startsWith("application/problem+json");
            }
            assertProblem(api.send(r[0], r[1], "{\"a\":\"" + "x".repeat(17 << 20) + "\"}", "application/json"), 413);
            assertProblem(api.send(r[0], r[1], "command=id", "text/plain"), 415);
        }
        assertThat(api.output(id, "cat /workspace/keep.txt")).isEqualTo("keep\n");
    }

    @Test
    void hugeHeadersAndUrlsAreRefusedWithAProblem() throws Exception {
        String[] answer = raw("GET /v1/sandboxes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + engine.adminKey()
                + "\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n");
        assertThat(answer[0]).matches("HTTP/1.1 (431|413|400) .*");
        assertThat(answer[1]).containsIgnoringCase("content-type: application/problem+json");
        answer = raw("GET /v1/sandboxes/" + "x".repeat(64 * 1024) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer[0]).matches("HTTP/1.1 (414|431|400) .*");
        assertThat(answer[1]).containsIgnoringCase("content-type: application/problem+json");
        answer = raw("GARBAGE\r\n\r\n");
        assertThat(answer[0]).startsWith("HTTP/1.1 400");
        assertThat(api.get("/v1/sandboxes").status()).isEqualTo(200);
    }

    /** Sends raw bytes and returns the status line and the rest of the answer. */
    static String[] raw(String request) throws IOException {
        URI u = URI.create(engine.url());
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int nl = all.indexOf("\r\n");
            return new String[]{nl < 0 ? all : all.substring(0, nl), nl < 0 ? "" : all.substring(nl)};
        }
    }

    @Test
    void unknownIdsAndOtherAccountsIdsAnswerNotFound() throws Exception {
        String snap = api.post("/v1/sandboxes/" + id + "/snapshots", Map.of("name", "mine")).json().get("id").asText();
        String job = api.post("/v1/sandboxes/" + id + "/jobs", Map.of("command", "true")).json().get("id").asText();
        String session = api.get("/v1/sandboxes/" + id + "/sessions").json().get(0).get("id").asText();
        for (TestEngine.Client c : List.of(api, other)) {
            boolean mine = c == api;
            String sb = mine ? "sbx_nope" : id;
            String sn = mine ? "snap_nope" : snap;
            String jb = mine ? "job_nope" : job;
            String se = mine ? "ses_nope" : session;
            for (TestEngine.Res r : List.of(c.get("/v1/sandboxes/" + sb), c.get("/v1/sandboxes/" + sb + "/logs"),
                    c.get("/v1/sandboxes/" + sb + "/files?path=/workspace"), c.get("/v1/sandboxes/" + sb + "/files/raw?path=keep.txt"),
                    c.put("/v1/sandboxes/" + sb + "/files/content", Map.of("path", "x", "content", "x")),
                    c.post("/v1/sandboxes/" + sb + "/exec/stream", Map.of("command", "id")),
                    c.post("/v1/sandboxes/" + sb + "/snapshots", Map.of()), c.get("/v1/sandboxes/" + sb + "/snapshots"),
                    c.get("/v1/snapshots/" + sn), c.get("/v1/snapshots/" + sn + "/download"),
                    c.post("/v1/snapshots/" + sn + "/restore", Map.of()), c.delete("/v1/snapshots/" + sn),
                    c.send("POST", "/v1/snapshots/import?sandbox_id=" + sb, new byte[]{1, 2}, "application/octet-stream"),
                    c.get("/v1/jobs/" + jb), c.get("/v1/sessions/" + se), c.get("/v1/sessions/" + se + "/replay"),
                    c.get("/v1/sessions/" + se + "/export?format=cast"), c.get("/v1/trust/sandboxes/" + sb),
                    c.get("/v1/sandboxes/" + sb + "/sessions"), c.post("/v1/alerts/alr_nope/resolve", Map.of()),
                    c.delete("/v1/account/keys/key_nope"), c.post("/v1/notifications/ntf_nope/read", Map.of()))) {
                assertProblem(r, 404);
            }
            assertThat(wsStatus("/v1/sandboxes/" + sb + "/terminal?rows=5&cols=5", c))
                    .isEqualTo(404);
            assertThat(wsStatus("/v1/sandboxes/" + sb + "/mcp", c)).isEqualTo(404);
        }
        // Nothing of the first account changed.
        assertThat(api.get("/v1/snapshots/" + snap).status()).isEqualTo(200);
        assertThat(api.get("/v1/sandboxes/" + id + "/snapshots").json().size()).isEqualTo(1);
        assertThat(api.output(id, "cat /workspace/keep.txt")).isEqualTo("keep\n");
    }

    @Test
    void missingWrongAndRevokedKeysAreRefusedOnHttpSseAndWebSockets() throws Exception {
        JsonNode k = api.post("/v1/account/keys", Map.of("name", "soon revoked")).json();
        TestEngine.Client revoked = engine.client(k.get("key").asText());
        assertThat(revoked.get("/v1/sandboxes").status()).isEqualTo(200);
        assertThat(api.delete("/v1/account/keys/" + k.get("id").asText()).status()).isEqualTo(204);
        for (TestEngine.Client c : List.of(engine.client(null), engine.client("sk_wrong"), revoked,
                engine.client(engine.adminKey() + "x"), engine.client(""))) {
            assertProblem(c.get("/v1/sandboxes"), 401);
            assertProblem(c.get("/v1/events/stream"), 401);
            assertProblem(c.post("/v1/sandboxes/" + id + "/exec/stream", Map.of("command", "id")), 401);
            assertProblem(c.get("/v1/sandboxes/" + id + "/terminal"), 401);
            assertThat(wsStatus("/v1/sandboxes/" + id + "/terminal?rows=5&cols=5", c)).isEqualTo(401);
            assertThat(wsStatus("/v1/sandboxes/" + id + "/mcp", c)).isEqualTo(401);
        }
        assertThat(wsStatus("/v1/sandboxes/" + id + "/terminal?rows=5&cols=5&token=" + k.get("key").asText(),
                engine.client(null))).as("a revoked key as ?token=").isEqualTo(401);
        java.net.http.HttpResponse<String> basic = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create(engine.url() + "/v1/sandboxes")).header("Authorization", "Basic " + engine.adminKey()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.body()).contains("Bearer");
        // A signed download URL with a wrong signature or a past expiry is refused.
        String snap = api.post("/v1/sandboxes/" + id + "/snapshots", Map.of()).json().get("id").asText();
        String url = api.get("/v1/snapshots/" + snap + "/download").json().get("url").asText();
        String path = url.substring(url.indexOf("/v1/"));
        assertThat(engine.client(null).get(path).status()).isEqualTo(200);
        String expires = path.replaceAll(".*expires=(\\d+).*", "$1");
        assertProblem(engine.client(null).get(path.replace("expires=" + expires, "expires=" + (Long.parseLong(expires) + 1))), 403);
        assertProblem(engine.client(null).get(path.replace("expires=" + expires, "expires=1")), 403);
        assertProblem(engine.client(null).get(path.replaceAll("signature=[^&]*", "signature=00")), 403);
        api.delete("/v1/snapshots/" + snap);
    }

    /** The HTTP status of a WebSocket handshake with the client's key (101 when it upgraded). */
    static int wsStatus(String pathAndQuery, TestEngine.Client as) throws Exception {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        String key = keyOf(as);
        if (key != null) b.header("Authorization", "Bearer " + key);
        try {
            WebSocket ws = b.buildAsync(URI.create(engine.url().replace("http", "ws") + pathAndQuery), new WebSocket.Listener() {})
                    .get(10, TimeUnit.SECONDS);
            ws.abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) return h.getResponse().statusCode();
            throw e;
        }
    }

    private static String keyOf(TestEngine.Client c) {
        String k = c.apiKey();
        return k == null || k.isEmpty() ? null : k;
    }

    @Test
    void maliciousSnapshotArchivesAreRefusedAndNothingChanges() throws Exception {
        String small = api.createSandbox(Map.of("disk_gb", 0.01));
        api.exec(small, "echo keep > /workspace/keep.txt");
        byte[] zeros = new byte[1 << 20];
        List<byte[]> bad = List.of(
                tar(t -> link(t, "workspace/passwd", "/etc/passwd", TarArchiveEntry.LF_LINK)),
                tar(t -> link(t, "workspace/h", "../../../etc/shadow", TarArchiveEntry.LF_LINK)),
                tar(t -> special(t, "workspace/null", TarArchiveEntry.LF_CHR)),
                tar(t -> special(t, "workspace/blk", TarArchiveEntry.LF_BLK)),
                tar(t -> special(t, "workspace/fifo", TarArchiveEntry.LF_FIFO)),
                // The same file twice: the second cannot be created where the first is (the engine's
                // staging for the check is on the host; its path must not reach the answer).
                tar(t -> {
                    for (int i = 0; i < 2; i++) {
                        TarArchiveEntry e = new TarArchiveEntry("workspace/twice");
                        e.setSize(1);
                        t.putArchiveEntry(e);
                        t.write('x');
                        t.closeArchiveEntry();
                    }
                }),
                // 60 MB of zeros, a few KB compressed: more than the sandbox's 10 MB disk.
                tar(t -> {
                    TarArchiveEntry e = new TarArchiveEntry("workspace/bomb");
                    e.setSize(60L << 20);
                    t.putArchiveEntry(e);
                    for (int i = 0; i < 60; i++) t.write(zeros);
                    t.closeArchiveEntry();
                }));
        for (byte[] archive : bad) {
            TestEngine.Res r = api.send("POST", "/v1/snapshots/import?sandbox_id=" + small, archive, "application/octet-stream");
            assertThat(r.status()).as(r.body()).isBetween(400, 499);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.body()).doesNotContain(engine.dataDir().toString()).doesNotContain(".scratch");
        }
        assertProblem(other.send("POST", "/v1/snapshots/import?sandbox_id=" + small, bad.get(0), "application/octet-stream"), 404);
        assertThat(api.get("/v1/sandboxes/" + small + "/snapshots").json().size()).isZero();
        assertThat(api.output(small, "ls /workspace")).isEqualTo("keep.txt\n");
        try (var snaps = Files.list(engine.dataDir().resolve("snapshots"))) {
            assertThat(snaps.toList()).isEmpty();
        }
        api.delete("/v1/sandboxes/" + small);
    }

    interface TarWriter {
        void write(TarArchiveOutputStream t) throws IOException;
    }

    static byte[] tar(TarWriter w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry dir = new TarArchiveEntry("workspace/");
            t.putArchiveEntry(dir);
            t.closeArchiveEntry();
            w.write(t);
        }
        return bytes.toByteArray();
    }

    static void link(TarArchiveOutputStream t, String name, String target, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setLinkName(target);
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
    }

    static void special(TarArchiveOutputStream t, String name, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setDevMajor(1);
        e.setDevMinor(3);
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
    }
}
