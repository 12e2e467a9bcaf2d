package dev.sandbench.engine.compat.caged;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

import static dev.sandbench.engine.compat.caged.CagedSdk.assertProblem;
import static dev.sandbench.engine.compat.caged.CagedSdk.assertStrict;
import static dev.sandbench.engine.compat.caged.CagedSdk.ok;
import static dev.sandbench.engine.compat.caged.CagedSdk.query;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code caged.files}: list (default path /), read, write, git_diff. */
class CagedFilesWireTest {
    static TestEngine engine;
    static CagedSdk sdk;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine();
        sdk = new CagedSdk(engine);
        id = ok(sdk.call("POST", "/sandboxes", Map.of("template", "node-20")), 201).get("id").asText();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static String exec(String command) {
        return ok(sdk.call("POST", "/sandboxes/" + id + "/exec", Map.of("command", command)), 200).get("output").asText();
    }

    @Test
    void listingTheDefaultPathShowsTheSandboxsOwnRoot() {
        JsonNode root = ok(sdk.get("/sandboxes/" + id + "/files" + query("path", "/")), 200);
        root.forEach(e -> assertStrict(e, CagedSdk.FILE_ENTRY));
        TreeSet<String> names = new TreeSet<>(root.findValuesAsText("name"));
        // Exactly what a process in the sandbox sees at /, nothing of the host's root.
        assertThat(names).isEqualTo(new TreeSet<>(Arrays.asList(exec("ls -A /").strip().split("\n"))));
        assertThat(names).contains("workspace", "usr", "etc", "tmp").doesNotContain("root", "boot");
        root.forEach(e -> assertThat(e.get("path").asText()).isEqualTo("/" + e.get("name").asText()));
        assertThat(root.findValuesAsText("type")).isSubsetOf("file", "dir");
    }

    @Test
    void theRootsSystemDirectoriesOpenAndTheKernelsStayClosed() {
        JsonNode bin = ok(sdk.get("/sandboxes/" + id + "/files" + query("path", "/bin")), 200);
        assertThat(bin.findValuesAsText("name")).contains("sh");
        assertThat(ok(sdk.get("/sandboxes/" + id + "/files" + query("path", "/etc")), 200).findValuesAsText("name"))
                .contains("passwd").doesNotContain("shadow");
        assertProblem(sdk.get("/sandboxes/" + id + "/files" + query("path", "/proc")), 403, "outside the sandbox's browsable area");
        assertProblem(sdk.get("/sandboxes/" + id + "/files/content" + query("path", "/proc/self/environ")), 403, "browsable");
        // The root may be listed, not read or archived whole.
        assertThat(sdk.get("/sandboxes/" + id + "/files/archive" + query("path", "/")).status()).isEqualTo(403);
    }

    @Test
    void writtenTextReadsBackAsAJsonString() {
        assertThat(sdk.call("PUT", "/sandboxes/" + id + "/files/content",
                Map.of("path", "/workspace/hello.py", "content", "print('hi')")).status()).isLessThan(300);
        assertThat(ok(sdk.get("/sandboxes/" + id + "/files/content" + query("path", "/workspace/hello.py")), 200)
                .asText()).isEqualTo("print('hi')");
        JsonNode ws = ok(sdk.get("/sandboxes/" + id + "/files" + query("path", "/workspace")), 200);
        ws.forEach(e -> assertStrict(e, CagedSdk.FILE_ENTRY));
        assertThat(ws.findValuesAsText("path")).contains("/workspace/hello.py");
    }

    @Test
    void gitDiffIsTheWorkspacesDiffAndEmptyOutsideARepository() {
        String box = ok(sdk.call("POST", "/sandboxes", Map.of()), 201).get("id").asText();
        TestEngine.Res none = sdk.get("/sandboxes/" + box + "/git/diff");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().isTextual()).isTrue();
        assertThat(none.json().asText()).isEmpty();

        ok(sdk.call("POST", "/sandboxes/" + box + "/exec", Map.of("command", "cd /workspace && printf 'a\\n' > f.txt && "
                + "git init -q && git add f.txt && git -c user.name=t -c user.email=t@t commit -qm one")), 200);
        assertThat(sdk.get("/sandboxes/" + box + "/git/diff").json().asText()).as("a clean tree").isEmpty();
        sdk.call("PUT", "/sandboxes/" + box + "/files/content", Map.of("path", "/workspace/f.txt", "content", "b\n"));
        String diff = ok(sdk.get("/sandboxes/" + box + "/git/diff"), 200).asText();
        assertThat(diff).startsWith("diff --git a/f.txt b/f.txt").contains("\n-a\n").contains("\n+b\n");

        assertProblem(sdk.get("/sandboxes/nope/git/diff"), 404, "nope");
        sdk.call("POST", "/sandboxes/" + box + "/pause", null);
        assertProblem(sdk.get("/sandboxes/" + box + "/git/diff"), 409, "paused");
        sdk.call("DELETE", "/sandboxes/" + box, null);
    }
}
