package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class FilesApiTest {
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

    private String files(String rest) {
        return "/v1/sandboxes/" + id + "/files" + rest;
    }

    @Test
    void traversalIsRefused() {
        for (String p : new String[]{"../../etc/shadow", "/workspace/../etc/shadow", "/workspace/a/../../root"}) {
            TestEngine.Res r = api.get(files("/content?path=" + p));
            assertThat(r.status()).as(p).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(api.put(files("/content"), Map.of("path", "/usr/x", "content", "x")).status()).isEqualTo(403);
        assertThat(api.get(files("/content?path=/proc/self/environ")).status()).isEqualTo(403);
    }

    @Test
    void symlinksOutOfTheSandboxAreRefusedNotFollowed() {
        api.exec(id, "ln -sfn /etc /workspace/etc-link; ln -sfn / /workspace/root-link; ln -sfn /usr/bin/env /workspace/env-link");
        assertThat(api.get(files("/content?path=/workspace/etc-link/passwd")).status()).isEqualTo(403);
        assertThat(api.get(files("?path=/workspace/root-link")).status()).isEqualTo(403);
        assertThat(api.put(files("/content"), Map.of("path", "/workspace/root-link/usr/x", "content", "x")).status())
                .isEqualTo(403);
        assertThat(api.get(files("/raw?path=/workspace/env-link")).status()).isEqualTo(403);
        // Deleting a link removes the link itself, never what it points to.
        assertThat(api.delete(files("?path=/workspace/root-link")).status()).isEqualTo(204);
        assertThat(api.output(id, "ls / | wc -l").trim()).isNotEqualTo("0");
    }

    @Test
    void rawUploadAndRangedDownload() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        TestEngine.Res up = api.send("PUT", files("/raw?path=/workspace/bin/data.bin"), data, "application/octet-stream");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.json().get("size").asLong()).isEqualTo(data.length);
        HttpResponse<byte[]> all = api.bytes(HttpRequest.newBuilder(URI.create(engine.url() + files("/raw?path=/workspace/bin/data.bin"))));
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(sha(all.body())).isEqualTo(sha(data));
        HttpResponse<byte[]> part = api.bytes(HttpRequest.newBuilder(URI.create(engine.url() + files("/raw?path=/workspace/bin/data.bin")))
                .header("Range", "bytes=100-199"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 100-199/" + data.length);
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 100, 200));
        HttpResponse<byte[]> tail = api.bytes(HttpRequest.newBuilder(URI.create(engine.url() + files("/raw?path=/workspace/bin/data.bin")))
                .header("Range", "bytes=-10"));
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 10, data.length));
        assertThat(api.get(files("/content?path=/workspace/bin/data.bin")).status()).isEqualTo(422);
        assertThat(api.send("PUT", files("/raw?path=/workspace/bin/data.bin&overwrite=false"), data,
                "application/octet-stream").status()).isEqualTo(409);
        assertThat(api.output(id, "ls -a /workspace/bin")).doesNotContain("sandbench-upload");
    }

    @Test
    void multipartUploadOfAFolderAndArchiveDownload() throws Exception {
        String boundary = "----sandbench" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        for (String[] f : new String[][]{{"proj/a.txt", "alpha"}, {"proj/src/b.py", "print('b')"}}) {
            body.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"files\"; filename=\"").append(f[0]).append("\"\r\n")
                    .append("Content-Type: application/octet-stream\r\n\r\n").append(f[1]).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        TestEngine.Res r = api.send("POST", files("/upload?path=/workspace/up"), body.toString(),
                "multipart/form-data; boundary=" + boundary);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().findValuesAsText("path")).containsExactly("/workspace/up/proj/a.txt", "/workspace/up/proj/src/b.py");
        assertThat(api.output(id, "cat /workspace/up/proj/src/b.py")).isEqualTo("print('b')");

        HttpResponse<byte[]> tgz = api.bytes(HttpRequest.newBuilder(URI.create(engine.url()
                + files("/archive?path=/workspace/up&format=tar.gz"))));
        assertThat(tgz.statusCode()).isEqualTo(200);
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(tgz.body())).readAllBytes();
        String names = new String(tar, StandardCharsets.ISO_8859_1);
        assertThat(names).contains("./proj/a.txt").contains("./proj/src/b.py").contains("alpha");
        assertThat(api.get(files("/archive?path=/workspace/missing")).status()).isEqualTo(404);
    }

    @Test
    void mkdirMoveDeleteAndStat() {
        assertThat(api.post(files("/mkdir"), Map.of("path", "/workspace/m/n")).status()).isEqualTo(201);
        api.put(files("/content"), Map.of("path", "/workspace/m/n/f.txt", "content", "1"));
        JsonNode moved = api.post(files("/move"), Map.of("from", "/workspace/m/n/f.txt", "to", "/workspace/m/g.txt")).json();
        assertThat(moved.get("path").asText()).isEqualTo("/workspace/m/g.txt");
        assertThat(api.get(files("/stat?path=/workspace/m/g.txt")).json().get("size").asLong()).isEqualTo(1);
        assertThat(api.delete(files("?path=/workspace/m")).status()).isEqualTo(409);
        assertThat(api.delete(files("?path=/workspace/m&recursive=true")).status()).isEqualTo(204);
        assertThat(api.get(files("/stat?path=/workspace/m")).status()).isEqualTo(404);
        assertThat(api.delete(files("?path=/workspace&recursive=true")).status()).isEqualTo(400);
        assertThat(api.get(files("/content?path=/workspace/none.txt")).status()).isEqualTo(404);
        assertThat(api.get(files("?path=/workspace/none")).status()).isEqualTo(404);
    }

    @Test
    void browsingOutsideTheWorkspaceIsReadOnly() {
        JsonNode usr = api.get(files("?path=/usr")).json();
        assertThat(usr.findValuesAsText("name")).contains("bin", "lib");
        assertThat(api.get(files("/content?path=/etc/hostname")).json().asText()).isEqualTo("sandbox\n");
        assertThat(api.post(files("/mkdir"), Map.of("path", "/usr/new")).status()).isEqualTo(403);
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
