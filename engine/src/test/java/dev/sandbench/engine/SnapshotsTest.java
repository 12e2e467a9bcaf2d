package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotsTest {
    static TestEngine engine;
    static TestEngine.Client api;

    /** Everything about a tree a restore must bring back: paths, modes, sizes, content hashes, link targets. */
    static final String TREE = "cd /workspace && find . -printf '%p %m %y %l\\n' | sort && "
            + "find . -type f -exec sha256sum {} + | sort";

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine();
        api = engine.client();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String seed() {
        String id = api.createSandbox();
        api.exec(id, "mkdir -p src/deep && echo one > src/a.txt && echo two > src/deep/b.txt && chmod 600 src/a.txt "
                + "&& ln -s src/a.txt link && head -c 300000 /dev/urandom > blob.bin && echo tmp > /tmp/t.txt");
        return id;
    }

    private JsonNode snapshot(String id, String name) {
        TestEngine.Res r = api.post("/v1/sandboxes/" + id + "/snapshots", Map.of("name", name, "description", "test"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asText()).isEqualTo("completed");
        return r.json();
    }

    @Test
    void snapshotModifyRestoreGivesTheSameTree() throws Exception {
        String id = seed();
        String before = api.output(id, TREE);
        JsonNode snap = snapshot(id, "base");
        assertThat(snap.get("size_bytes").asLong()).isPositive();
        assertThat(snap.get("checksum").asText()).hasSize(64);
        api.exec(id, "rm src/deep/b.txt && echo changed > src/a.txt && chmod 755 src/a.txt && echo new > added.txt "
                + "&& rm /tmp/t.txt");
        assertThat(api.output(id, TREE)).isNotEqualTo(before);
        TestEngine.Res restored = api.post("/v1/snapshots/" + snap.get("id").asText() + "/restore", Map.of());
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(api.output(id, TREE)).isEqualTo(before);
        assertThat(api.output(id, "cat /tmp/t.txt; id -u; stat -c %u src/a.txt")).startsWith("tmp\n");
        // The files the restore replaced are deleted after the answer: no scratch work stays behind.
        long deadline = System.currentTimeMillis() + 10_000;
        while (!CrashRecoveryTest.scratch(engine.dataDir()).isEmpty() && System.currentTimeMillis() < deadline) sleep(20);
        assertThat(CrashRecoveryTest.scratch(engine.dataDir())).isEmpty();
        assertThat(api.get("/v1/sandboxes/" + id + "/snapshots").json().findValuesAsText("name")).contains("base");
        assertThat(api.delete("/v1/snapshots/" + snap.get("id").asText()).status()).isEqualTo(204);
        assertThat(api.get("/v1/snapshots/" + snap.get("id").asText()).status()).isEqualTo(404);
        api.delete("/v1/sandboxes/" + id);
    }

    @Test
    void oddNamesLinksAndSpecialFilesRoundTripOrAreLeftOut() {
        String id = api.createSandbox();
        // A newline, a leading dash, spaces and non-ASCII in names; a dangling link and links into
        // the read-only system, as a virtualenv has (kept as links, never followed); a fifo (left
        // out: no state in it).
        api.exec(id, "mkdir -p 'odd dir' && printf x > \"$(printf 'new\\nline')\" && printf y > ./-dash "
                + "&& printf z > 'odd dir/é ü.txt' && ln -s /etc/passwd out-link && ln -s missing dangling "
                + "&& ln -s /usr/bin/env python && ln -s /dev/null .history && mkfifo pipe");
        String tree = "cd /workspace && find . ! -name pipe -printf '%p %m %y %l\\n' | sort && cat ./-dash 'odd dir/é ü.txt'";
        String before = api.output(id, tree);
        assertThat(before).contains("./out-link 777 l /etc/passwd", "./dangling 777 l missing", "./python 777 l /usr/bin/env",
                "./.history 777 l /dev/null", "yz");
        JsonNode snap = snapshot(id, "odd");
        api.exec(id, "rm -rf /workspace/* /workspace/.[!.]* 2>/dev/null; true");
        TestEngine.Res restored = api.post("/v1/snapshots/" + snap.get("id").asText() + "/restore", Map.of());
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(api.output(id, tree)).isEqualTo(before);
        assertThat(api.output(id, "test -e /workspace/pipe && echo has-pipe || echo no-pipe")).isEqualTo("no-pipe\n");
        api.delete("/v1/sandboxes/" + id);
    }

    @Test
    void aForkRunsIndependentlyOfItsSource() {
        String id = seed();
        String before = api.output(id, TREE);
        JsonNode snap = snapshot(id, "fork-me");
        TestEngine.Res fork = api.post("/v1/sandboxes", Map.of("from_snapshot", snap.get("id").asText()));
        assertThat(fork.status()).as(fork.body()).isEqualTo(201);
        String f = fork.json().get("id").asText();
        assertThat(api.output(f, TREE)).isEqualTo(before);
        api.exec(f, "echo only-in-fork > fork.txt");
        api.exec(id, "echo only-in-source > source.txt");
        assertThat(api.output(id, "ls /workspace")).contains("source.txt").doesNotContain("fork.txt");
        assertThat(api.output(f, "ls /workspace")).contains("fork.txt").doesNotContain("source.txt");
        assertThat(api.post("/v1/sandboxes", Map.of("from_snapshot", "snap_missing")).status()).isEqualTo(404);
        api.delete("/v1/sandboxes/" + f);
        api.delete("/v1/sandboxes/" + id);
    }

    @Test
    void aDownloadedArchiveImportsAndRestoresElsewhere() throws Exception {
        String id = seed();
        String before = api.output(id, TREE);
        JsonNode snap = snapshot(id, "portable");
        JsonNode link = api.get("/v1/snapshots/" + snap.get("id").asText() + "/download").json();
        HttpResponse<byte[]> archive = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link.get("url").asText()))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(archive.statusCode()).isEqualTo(200);
        String url = link.get("url").asText();
        char last = url.charAt(url.length() - 1);
        String tampered = url.substring(0, url.length() - 1) + (last == '0' ? '1' : '0');
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(tampered)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);

        String other = api.createSandbox();
        TestEngine.Res imported = api.send("POST", "/v1/snapshots/import?sandbox_id=" + other + "&name=moved", archive.body(),
                "application/octet-stream");
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("checksum").asText()).isEqualTo(snap.get("checksum").asText());
        api.post("/v1/snapshots/" + imported.json().get("id").asText() + "/restore", Map.of());
        assertThat(api.output(other, TREE)).isEqualTo(before);
        api.delete("/v1/sandboxes/" + id);
        api.delete("/v1/sandboxes/" + other);
    }

    @Test
    void maliciousOrBrokenArchivesAreRefusedAndTheTargetIsUntouched() throws Exception {
        String id = api.createSandbox();
        api.exec(id, "echo keep > /workspace/keep.txt");
        byte[][] bad = {
                tgz(new Object[][]{{"workspace/../../../etc/evil", "x"}}),
                tgz(new Object[][]{{"/etc/evil", "x"}}),
                tgz(new Object[][]{{"etc/evil", "x"}}),
                tgz(new Object[][]{{"workspace/link", "->/etc"}, {"workspace/link/passwd", "x"}}),
                tgz(new Object[][]{{"workspace/up", "->../../../../etc"}}),
                tgz(new Object[][]{{"workspace/abs", "->/proc/1/root"}}),
                tgz(new Object[][]{{"workspace/sys", "->/sys/kernel"}}),
                tgz(new Object[][]{{"workspace/disk", "->/dev/sda"}}),
                Arrays.copyOf(tgz(new Object[][]{{"workspace/big.txt", "y".repeat(200_000)}}), 300),
                "not an archive at all".getBytes(StandardCharsets.UTF_8)};
        for (byte[] archive : bad) {
            TestEngine.Res r = api.send("POST", "/v1/snapshots/import?sandbox_id=" + id, archive, "application/octet-stream");
            assertThat(r.status()).as(r.body()).isEqualTo(422);
        }
        assertThat(api.output(id, "ls /workspace")).isEqualTo("keep.txt\n");
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/etc/evil"))).isFalse();
        TestEngine.Res ok = api.send("POST", "/v1/snapshots/import?sandbox_id=" + id,
                tgz(new Object[][]{{"workspace/fine.txt", "fine"}, {"workspace/rel", "->fine.txt"}, {"tmp/t", "t"}}),
                "application/octet-stream");
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        api.post("/v1/snapshots/" + ok.json().get("id").asText() + "/restore", Map.of());
        assertThat(api.output(id, "cat /workspace/rel; echo; ls /workspace")).isEqualTo("fine\nfine.txt\nrel\n");
        api.delete("/v1/sandboxes/" + id);
    }

    @Test
    void anArchiveDamagedOnDiskRestoresNothingAndForksNothing() throws Exception {
        String id = seed();
        JsonNode snap = snapshot(id, "to-damage");
        String sid = snap.get("id").asText();
        api.exec(id, "echo after > /workspace/after.txt");
        String before = api.output(id, TREE);
        java.nio.file.Path file;
        try (var files = java.nio.file.Files.list(engine.dataDir().resolve("snapshots"))) {
            file = files.filter(f -> f.getFileName().toString().startsWith(sid + ".")).findFirst().orElseThrow();
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        // One flipped byte deep in the stream (zstd may or may not notice), then one at the very end.
        for (int at : new int[]{bytes.length / 2, bytes.length - 1}) {
            byte[] damaged = bytes.clone();
            damaged[at] ^= 0x40;
            java.nio.file.Files.write(file, damaged);
            TestEngine.Res r = api.post("/v1/snapshots/" + sid + "/restore", Map.of());
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.body()).contains("checksum");
            assertThat(api.output(id, TREE)).isEqualTo(before);
            TestEngine.Res fork = api.post("/v1/sandboxes", Map.of("from_snapshot", sid));
            assertThat(fork.status()).as(fork.body()).isGreaterThanOrEqualTo(400);
        }
        java.nio.file.Files.write(file, bytes);
        assertThat(api.post("/v1/snapshots/" + sid + "/restore", Map.of()).status()).isEqualTo(200);
        assertThat(api.output(id, "ls /workspace/after.txt 2>&1 || true")).contains("No such file");
        api.delete("/v1/sandboxes/" + id);
    }

    /** A tar.gz from (name, content) pairs; content "->target" makes a symlink. */
    static byte[] tgz(Object[][] entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (Object[] e : entries) {
                String name = (String) e[0];
                String content = (String) e[1];
                TarArchiveEntry t;
                if (content.startsWith("->")) {
                    t = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    t.setLinkName(content.substring(2));
                    tar.putArchiveEntry(t);
                } else {
                    t = new TarArchiveEntry(name);
                    byte[] data = content.getBytes(StandardCharsets.UTF_8);
                    t.setSize(data.length);
                    tar.putArchiveEntry(t);
                    tar.write(data);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void pausedSandboxesDoNotExpire() throws Exception {
        String id = api.createSandbox(Map.of("timeout", 2));
        api.post("/v1/sandboxes/" + id + "/pause", Map.of());
        Thread.sleep(3500);
        assertThat(api.get("/v1/sandboxes/" + id).json().get("status").asText()).isEqualTo("paused");
        api.post("/v1/sandboxes/" + id + "/resume", Map.of());
        long deadline = System.currentTimeMillis() + 10_000;
        while (api.get("/v1/sandboxes/" + id).status() == 200 && System.currentTimeMillis() < deadline) Thread.sleep(200);
        assertThat(api.get("/v1/sandboxes/" + id).status()).isEqualTo(404);
    }

    @Test
    void aSandboxWithANamedWorkspaceSnapshotsAndRestoresItAndItsHome() {
        // The named workspace lives apart from the sandbox's home and tmp: one archive holds all three.
        String id = api.createSandbox(Map.of("workspace_id", "snap-ws"));
        api.exec(id, "mkdir -p src && echo one > src/a.txt && ln -s src/a.txt link && echo h > ~/h.txt && echo t > /tmp/t.txt");
        String tree = TREE + " && cat ~/h.txt /tmp/t.txt";
        String before = api.output(id, tree);
        JsonNode snap = snapshot(id, "named");
        api.exec(id, "rm -r src && echo new > added.txt && rm ~/h.txt /tmp/t.txt");
        assertThat(api.output(id, tree)).isNotEqualTo(before);
        TestEngine.Res restored = api.post("/v1/snapshots/" + snap.get("id").asText() + "/restore", Map.of());
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(api.output(id, tree)).isEqualTo(before);
        api.delete("/v1/sandboxes/" + id);
        assertThat(api.delete("/v1/workspaces/snap-ws").status()).isEqualTo(204);
    }

    @Test
    void aNamedWorkspaceOutlivesItsSandbox() {
        String a = api.createSandbox(Map.of("workspace_id", "shared-ws"));
        api.exec(a, "echo persisted > /workspace/note.txt");
        assertThat(api.get("/v1/workspaces").json().toString()).contains("shared-ws");
        assertThat(api.delete("/v1/workspaces/shared-ws").status()).isEqualTo(409);
        api.delete("/v1/sandboxes/" + a);
        String b = api.createSandbox(Map.of("workspace_id", "shared-ws"));
        assertThat(api.output(b, "cat /workspace/note.txt")).isEqualTo("persisted\n");
        api.exec(b, "echo more >> /workspace/note.txt");
        api.delete("/v1/sandboxes/" + b);
        assertThat(api.delete("/v1/workspaces/shared-ws").status()).isEqualTo(204);
        String c = api.createSandbox(Map.of("workspace_id", "shared-ws"));
        assertThat(api.output(c, "ls /workspace")).isEmpty();
        api.delete("/v1/sandboxes/" + c);
        assertThat(api.post("/v1/sandboxes", Map.of("workspace_id", "../x")).status()).isEqualTo(400);
    }
}
