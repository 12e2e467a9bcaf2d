package dev.sandbench.engine.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;
import dev.sandbench.engine.exec.CodeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CAGE's REST API as its Python SDK calls it, against a real engine in development mode. */
class CompatCageTest {
    private static TestEngine engine;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine(c -> c.withDev(true));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static CompatHttp user(String name) {
        return CompatHttp.cage(engine, "dev_" + name);
    }

    static void assertCageError(TestEngine.Res r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        // The SDK reads 'message' only when the Content-Type is exactly application/json.
        assertThat(r.contentType()).isEqualTo("application/json");
        JsonNode e = r.json();
        assertThat(e.get("error").asText()).isEqualTo(code);
        assertThat(e.get("message").asText()).isNotBlank();
        assertThat(e.has("details")).isTrue();
        assertThat(e.has("request_id")).isTrue();
    }

    @Test
    void executeRunsPythonJavascriptAndAPersistentInterpreterInTheUsersOneSandbox() {
        CompatHttp cage = user("exec");
        TestEngine.Res r = cage.post("/api/v1/execute", Map.of("code", "print('Hello from CAGE!')", "language", "python",
                "persistent", false));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        JsonNode j = r.json();
        assertThat(j.get("stdout").asText()).isEqualTo("Hello from CAGE!\n");
        assertThat(j.get("status").asText()).isEqualTo("success");
        assertThat(j.get("exit_code").asInt()).isZero();
        assertThat(j.get("execution_id").asText()).matches("[0-9a-f-]{36}");
        assertThat(j.get("resource_usage").get("pids").asLong()).isPositive();

        assertThat(cage.post("/api/v1/execute", Map.of("code", "x = 42", "language", "python", "persistent", true))
                .status()).isEqualTo(200);
        assertThat(cage.post("/api/v1/execute", Map.of("code", "print(x)", "language", "python", "persistent", true))
                .json().get("stdout").asText().strip()).isEqualTo("42");
        // A fresh (non-persistent) run does not see the interpreter's state, and a failure is still a 200.
        JsonNode fresh = cage.post("/api/v1/execute", Map.of("code", "print(x)", "language", "python", "persistent", false)).json();
        assertThat(fresh.get("status").asText()).isEqualTo("error");
        assertThat(fresh.get("stderr").asText()).contains("NameError");

        if (CodeService.languages().get("javascript")) {
            JsonNode js = cage.post("/api/v1/execute", Map.of("code", "console.log(process.version)", "language",
                    "javascript", "persistent", false)).json();
            assertThat(js.get("stdout").asText()).startsWith("v");
        }
        JsonNode env = cage.post("/api/v1/execute", Map.of("code", "import os; print(os.environ['GREETING'])",
                "language", "python", "persistent", false, "timeout_seconds", 10, "env", Map.of("GREETING", "hi"))).json();
        assertThat(env.get("stdout").asText()).isEqualTo("hi\n");
        JsonNode slow = cage.post("/api/v1/execute", Map.of("code", "import time; time.sleep(10)", "language", "python",
                "persistent", false, "timeout_seconds", 1)).json();
        assertThat(slow.get("status").asText()).isEqualTo("timeout");
        assertThat(slow.get("exit_code").isNull()).isTrue();
        JsonNode made = cage.post("/api/v1/execute", Map.of("code", "open('out.txt','w').write('x')", "language", "python",
                "persistent", false)).json();
        assertThat(made.get("files_created").toString()).contains("out.txt");
    }

    @Test
    void badInputAndUnknownOrMissingLanguagesAreCageErrorsThatNeverReachASandbox() {
        CompatHttp cage = user("bad");
        assertCageError(cage.post("/api/v1/execute", Map.of("code", "1", "persistent", "yes")), 400, "BAD_REQUEST");
        assertCageError(cage.post("/api/v1/execute", Map.of("language", "python")), 400, "BAD_REQUEST");
        assertCageError(cage.post("/api/v1/execute", "{not json"), 400, "BAD_REQUEST");
        TestEngine.Res cobol = cage.post("/api/v1/execute", Map.of("code", "1", "language", "cobol"));
        assertCageError(cobol, 400, "BAD_REQUEST");
        assertThat(cobol.json().get("message").asText()).contains("python");
        // Nothing was created for this user: all of the above failed before a sandbox was needed.
        assertCageError(cage.get("/api/v1/session"), 404, "NOT_FOUND");

        String missing = CageLanguages.absent();
        Assumptions.assumeTrue(missing != null, "every CAGE language is installed on this host");
        TestEngine.Res r = cage.post("/api/v1/execute", Map.of("code", "1", "language", missing));
        assertCageError(r, 400, "BAD_REQUEST");
        assertThat(r.json().get("message").asText()).contains(missing).contains("available").contains("python");
    }

    @Test
    void filesUploadedAreWhereCodeRunsAndListDownloadAndDeleteAsTheSdkExpects() throws Exception {
        CompatHttp cage = user("files");
        byte[] csv = "name,value\nalpha,1\n".getBytes(StandardCharsets.UTF_8);
        // requests puts data fields before files: 'path' first, then 'file' named by its local basename.
        TestEngine.Res up = cage.with("Content-Type", null).multipart("/api/v1/files",
                List.of(Map.entry("path", "/"), Map.entry("file", csv)), Map.of("file", "data.csv"));
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        assertThat(up.json().get("path").asText()).isEqualTo("/data.csv");
        assertThat(up.json().get("size_bytes").asLong()).isEqualTo(csv.length);
        assertThat(up.json().get("checksum").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv)));
        JsonNode read = cage.post("/api/v1/execute", Map.of("code", "print(open('data.csv').read().splitlines()[1])",
                "language", "python", "persistent", false)).json();
        assertThat(read.get("stdout").asText()).isEqualTo("alpha,1\n");

        // A file part before its path field lands in that path all the same.
        TestEngine.Res late = cage.with("Content-Type", null).multipart("/api/v1/files",
                List.of(Map.entry("file", "b".getBytes(StandardCharsets.UTF_8)), Map.entry("path", "/sub")),
                Map.of("file", "b.txt"));
        assertThat(late.json().get("path").asText()).isEqualTo("/sub/b.txt");
        assertCageError(cage.with("Content-Type", null).multipart("/api/v1/files",
                List.of(Map.entry("path", "/"), Map.entry("file", csv)), Map.of("file", "..")), 400, "BAD_REQUEST");

        cage.post("/api/v1/execute", Map.of("code", "open('.hidden','w').write('h')", "language", "python", "persistent", false));
        JsonNode list = cage.get("/api/v1/files?path=%2F").json();
        assertThat(list.get("files").findValuesAsText("name")).contains("data.csv", "sub").doesNotContain(".hidden");
        JsonNode data = list.get("files").get(list.get("files").findValuesAsText("name").indexOf("data.csv"));
        assertThat(data.get("type").asText()).isEqualTo("file");
        assertThat(data.get("size_bytes").asLong()).isEqualTo(csv.length);
        assertThat(data.get("modified_at").asText()).endsWith("Z");
        assertThat(cage.get("/api/v1/files?path=%2F&recursive=true").json().get("files").findValuesAsText("path"))
                .contains("/sub/b.txt");

        HttpResponse<byte[]> down = cage.bytes("/api/v1/files/data.csv");
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).isEqualTo(csv);
        assertThat(down.headers().firstValue("Content-Disposition").orElse("")).contains("data.csv");
        assertCageError(cage.get("/api/v1/files/output.png"), 404, "NOT_FOUND");
        assertCageError(cage.get("/api/v1/files/..%2Fetc%2Fpasswd"), 400, "BAD_REQUEST");

        assertThat(cage.delete("/api/v1/files/sub/b.txt").status()).isEqualTo(204);
        assertCageError(cage.delete("/api/v1/files/sub/b.txt"), 404, "NOT_FOUND");
    }

    @Test
    void theSessionIsCreatedReportedTerminatedAndResumedWithItsFiles() {
        CompatHttp cage = user("sess");
        assertCageError(cage.get("/api/v1/session"), 404, "NOT_FOUND");
        TestEngine.Res created = cage.post("/api/v1/session", Map.of("language", "python", "reset_workspace", false));
        assertThat(created.status()).isEqualTo(201);
        JsonNode info = created.json();
        assertThat(info.get("user_id").asText()).isEqualTo("sess");
        assertThat(info.get("status").asText()).isEqualTo("running");
        assertThat(info.get("resource_limits").get("max_memory_mb").asLong()).isPositive();
        String sandbox = info.get("container_id").asText();
        assertThat(cage.post("/api/v1/session", Map.of("language", "python", "reset_workspace", false)).status())
                .isEqualTo(200);
        cage.post("/api/v1/execute", Map.of("code", "open('kept.txt','w').write('k')", "language", "python", "persistent", false));

        assertThat(cage.delete("/api/v1/session?purge_data=false").status()).isEqualTo(204);
        assertCageError(cage.get("/api/v1/session"), 404, "NOT_FOUND");
        assertCageError(cage.delete("/api/v1/session?purge_data=false"), 404, "NOT_FOUND");
        assertThat(engine.client().get("/v1/sandboxes/" + sandbox).json().get("status").asText()).isEqualTo("stopped");
        // The next call starts a new session on the same files.
        assertThat(cage.post("/api/v1/execute", Map.of("code", "print(open('kept.txt').read())", "language", "python",
                "persistent", false)).json().get("stdout").asText()).isEqualTo("k\n");
        assertThat(cage.get("/api/v1/session").json().get("container_id").asText()).isEqualTo(sandbox);

        assertThat(cage.delete("/api/v1/session?purge_data=true").status()).isEqualTo(204);
        assertThat(engine.client().get("/v1/sandboxes/" + sandbox).status()).isEqualTo(404);
        assertThat(cage.post("/api/v1/execute", Map.of("code", "import os; print(os.path.exists('kept.txt'))",
                "language", "python", "persistent", false)).json().get("stdout").asText()).isEqualTo("False\n");
    }

    @Test
    void asyncJobsRunAndReportTheirResult() throws Exception {
        CompatHttp cage = user("jobs");
        TestEngine.Res sub = cage.post("/api/v1/execute/async", Map.of("code", "print('async')", "language", "python"));
        assertThat(sub.status()).isEqualTo(200);
        String id = sub.json().get("job_id").asText();
        assertThat(sub.json().get("poll_url").asText()).isEqualTo("/api/v1/jobs/" + id);
        JsonNode job = null;
        for (int i = 0; i < 200; i++) {
            job = cage.get("/api/v1/jobs/" + id).json();
            if (!job.get("status").asText().matches("queued|running")) break;
            Thread.sleep(50);
        }
        assertThat(job.get("status").asText()).isEqualTo("completed");
        assertThat(job.get("result").get("stdout").asText()).isEqualTo("async\n");
        assertThat(job.get("completed_at").asText()).endsWith("Z");
        assertCageError(cage.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000"), 404, "NOT_FOUND");
        // Another user's job is not found either.
        assertCageError(user("other").get("/api/v1/jobs/" + id), 404, "NOT_FOUND");
    }

    @Test
    void keysSchemesAndUnknownRoutesAnswerInCagesShape() {
        assertCageError(CompatHttp.cage(engine, "not-a-key").post("/api/v1/execute", Map.of("code", "1")), 401, "UNAUTHORIZED");
        assertCageError(CompatHttp.none(engine).get("/api/v1/session"), 401, "UNAUTHORIZED");
        // Bearer is Cloud Sandbox's scheme on these paths: it answers, in its own shape (no sandbox_id).
        TestEngine.Res bearer = CompatHttp.none(engine).with("Authorization", "Bearer " + engine.adminKey())
                .post("/api/v1/execute", Map.of("code", "1"));
        assertThat(bearer.status()).as(bearer.toString()).isEqualTo(400);
        assertThat(bearer.json().get("code").asText()).isEqualTo("invalid_request");
        assertThat(bearer.json().get("error").asText()).contains("sandbox_id");
        assertThat(CompatHttp.none(engine).with("X-API-Key", "dev_xkey").with("Content-Type", "application/json")
                .post("/api/v1/execute", Map.of("code", "print(7)")).json().get("stdout").asText()).isEqualTo("7\n");
        assertCageError(user("routes").get("/api/v1/nothing-here"), 404, "NOT_FOUND");
        assertCageError(user("routes").send("PUT", "/api/v1/session", null, null), 405, "BAD_REQUEST");

        assertCageError(CompatHttp.none(engine).send("POST", "/health", null, null), 405, "BAD_REQUEST");
        JsonNode health = CompatHttp.none(engine).get("/health").json();
        assertThat(health.get("status").asText()).isEqualTo("healthy");
        assertThat(health.get("dev_mode").asBoolean()).isTrue();
        assertThat(health.has("uptime_seconds")).isTrue();
        assertThat(engine.client().get("/v1/info").json().get("dev_mode").asBoolean()).isTrue();
    }

    @Test
    void anEngineKeyIsItsAccountAndItsSandboxIsLabelledAndRecorded() {
        TestEngine.Client admin = engine.client();
        JsonNode acct = admin.post("/v1/admin/accounts", Map.of("name", "cage-user")).json();
        String key = acct.get("key").get("key").asText();
        CompatHttp cage = CompatHttp.cage(engine, key);
        assertThat(cage.post("/api/v1/execute", Map.of("code", "print('recorded')", "language", "python", "persistent", false))
                .json().get("stdout").asText()).isEqualTo("recorded\n");
        TestEngine.Client owner = engine.client(key);
        JsonNode mine = owner.get("/v1/sandboxes").json();
        assertThat(mine.size()).isEqualTo(1);
        JsonNode sb = mine.get(0);
        assertThat(sb.get("labels").get("sandbench.api").asText()).isEqualTo("cage");
        assertThat(sb.get("labels").get("sandbench.compat.user").asText()).isEqualTo(acct.get("account").get("id").asText());
        assertThat(sb.get("name").asText()).startsWith("cage:");
        // Not the admin account's: a key's sandboxes are its account's alone.
        assertThat(admin.get("/v1/sandboxes/" + sb.get("id").asText()).status()).isEqualTo(404);
        String sid = owner.get("/v1/sandboxes/" + sb.get("id").asText() + "/sessions").json().get(0).get("id").asText();
        JsonNode replay = owner.get("/v1/sessions/" + sid + "/replay").json();
        assertThat(replay.findValuesAsText("type")).contains("code");
        assertThat(replay.toString()).contains("print('recorded')");
        // A dev identity is the admin account, so the workbench sees its sandbox.
        user("visible").post("/api/v1/execute", Map.of("code", "1", "language", "python", "persistent", false));
        assertThat(admin.get("/v1/sandboxes").json().findValuesAsText("name")).contains("cage:visible");
    }

    /** A CAGE language whose toolchain this host lacks, for the "not available" answer. */
    static final class CageLanguages {
        static String absent() {
            for (String l : List.of("julia", "r", "wasm", "go", "ruby", "typescript")) {
                if (!CodeService.languages().getOrDefault(l, false)) return l;
            }
            return null;
        }
    }
}
