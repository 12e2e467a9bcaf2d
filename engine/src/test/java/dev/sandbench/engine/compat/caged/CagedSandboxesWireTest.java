package dev.sandbench.engine.compat.caged;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sandbench.engine.compat.caged.CagedSdk.assertFiltered;
import static dev.sandbench.engine.compat.caged.CagedSdk.assertProblem;
import static dev.sandbench.engine.compat.caged.CagedSdk.assertStrict;
import static dev.sandbench.engine.compat.caged.CagedSdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code caged.sandboxes}: the template names of Caged's README, lifecycle, exec, logs, ports and trust scores. */
class CagedSandboxesWireTest {
    static TestEngine engine;
    static CagedSdk sdk;

    @BeforeAll
    static void start() throws Exception {
        engine = new TestEngine();
        sdk = new CagedSdk(engine);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** The body {@code sandboxes.create(template=..., memory_mb=...)} sends: asdict(SandboxCreateParams) without empties. */
    static Map<String, Object> createBody(String template, int memoryMb) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("template", template);
        body.put("cpus", 2);
        body.put("memory_mb", memoryMb);
        body.put("disk_gb", 5);
        body.put("network_mode", "full");
        return body;
    }

    static JsonNode create(String template) {
        JsonNode box = ok(sdk.call("POST", "/sandboxes", createBody(template, 512)), 201);
        assertFiltered(box, CagedSdk.SANDBOX);
        return box;
    }

    static String exec(String id, String command) {
        JsonNode r = ok(sdk.call("POST", "/sandboxes/" + id + "/exec", Map.of("command", command)), 200);
        assertThat(r.get("error").isNull()).as(r.toString()).isTrue();
        return r.get("output").asText();
    }

    @Test
    void nodeTwentyFromTheQuickStartResolvesToTheLocalNodeAndSaysWhatItReallyIs() {
        JsonNode box = ok(sdk.call("POST", "/sandboxes", createBody("node-20", 1024)), 201);
        assertFiltered(box, CagedSdk.SANDBOX);
        String id = box.get("id").asText();
        assertThat(box.get("status").asText()).isEqualTo("running");
        assertThat(box.get("template").asText()).as("kept as asked").isEqualTo("node-20");
        assertThat(box.get("resolved_template").asText()).isEqualTo("node");
        String inside = exec(id, "node --version").strip();
        assertThat("v" + box.at("/runtime_versions/node").asText()).as("the version the sandbox really runs")
                .isEqualTo(inside);

        JsonNode logs = ok(sdk.get("/sandboxes/" + id + "/logs?tail=50"), 200);
        logs.forEach(e -> assertStrict(e, CagedSdk.LOG_ENTRY));
        assertThat(logs.findValuesAsText("message")).anySatisfy(m -> assertThat(m)
                .startsWith("template node-20 resolved to local template node (node " + inside.substring(1)));
        assertThat(ok(sdk.get("/sandboxes/" + id), 200).get("resolved_template").asText()).isEqualTo("node");
        assertThat(sdk.call("DELETE", "/sandboxes/" + id, null).status()).isEqualTo(204);
    }

    @Test
    void pythonNamesOfOtherPlatformsRunTheLocalPythonAndAnswerToPython() {
        List<String> ids = new ArrayList<>();
        for (String name : List.of("python-312", "python-3.11", "python3.12", "python:3.11-slim", "python")) {
            JsonNode box = create(name);
            ids.add(box.get("id").asText());
            assertThat(box.get("template").asText()).isEqualTo(name);
            assertThat(box.get("resolved_template").asText()).as(name).isEqualTo("python");
            // The context manager example runs exactly this.
            String version = exec(box.get("id").asText(), "python --version").strip();
            assertThat(version).isEqualTo("Python " + box.at("/runtime_versions/python").asText());
        }
        JsonNode logs = ok(sdk.get("/sandboxes/" + ids.get(3) + "/logs"), 200);
        assertThat(logs.findValuesAsText("message")).anySatisfy(m -> assertThat(m)
                .startsWith("template python:3.11-slim resolved to local template python (python ")
                .contains("the 'slim' variant is not distinguished here"));
        ids.forEach(id -> sdk.call("DELETE", "/sandboxes/" + id, null));
    }

    @Test
    void distributionNamesResolveToTheMinimalTemplate() {
        for (String name : List.of("ubuntu", "debian", "base", "ubuntu:22.04")) {
            JsonNode box = create(name);
            assertThat(box.get("resolved_template").asText()).as(name).isEqualTo("minimal");
            sdk.call("DELETE", "/sandboxes/" + box.get("id").asText(), null);
        }
    }

    @Test
    void anUnknownTemplateIsA400ThatListsTheNames() {
        JsonNode p = assertProblem(sdk.call("POST", "/sandboxes", createBody("cobol-85", 512)), 400,
                "unknown template 'cobol-85'");
        assertThat(p.get("detail").asText()).contains("minimal, python, node").contains("node-20", "python-3.12");
    }

    @Test
    void aPythonOfAnotherMajorVersionIsRefusedNotSwapped() {
        assertProblem(sdk.call("POST", "/sandboxes", createBody("python-2.7", 512)), 422, "a different major version");
    }

    @Test
    void theLifecycleAnswersWhatTheSdkReads() {
        String id = create("node-20").get("id").asText();
        JsonNode list = ok(sdk.get("/sandboxes"), 200);
        assertThat(list.isArray()).isTrue();
        list.forEach(s -> assertFiltered(s, CagedSdk.SANDBOX));
        assertThat(list.findValuesAsText("id")).contains(id);
        // pause and resume are POSTs without a body, still with the JSON content type.
        assertThat(sdk.call("POST", "/sandboxes/" + id + "/pause", null).status()).isEqualTo(200);
        assertThat(ok(sdk.get("/sandboxes/" + id), 200).get("status").asText()).isEqualTo("paused");
        assertThat(sdk.call("POST", "/sandboxes/" + id + "/resume", null).status()).isEqualTo(200);

        JsonNode r = ok(sdk.call("POST", "/sandboxes/" + id + "/exec", Map.of("command", "echo 'hello world'; exit 3")), 200);
        assertThat(r.get("output").asText()).isEqualTo("hello world\n");
        assertThat(r.get("exit_code").asInt()).isEqualTo(3);
        assertThat(r.get("error").isNull()).isTrue();

        assertThat(sdk.call("DELETE", "/sandboxes/" + id, null).status()).isEqualTo(204);
        assertProblem(sdk.get("/sandboxes/" + id), 404, id);
    }

    @Test
    void anUnknownSandboxIsA404ProblemWithTheMessageTheSdkShows() {
        assertProblem(sdk.get("/sandboxes/nonexistent"), 404, "sandbox nonexistent does not exist");
        assertProblem(sdk.call("POST", "/sandboxes/nonexistent/exec", Map.of("command", "true")), 404, "nonexistent");
        assertProblem(sdk.get("/trust/sandboxes/nonexistent"), 404, "nonexistent");
    }

    @Test
    void portsAndTrustScoresHaveExactlyTheSdksFields() throws Exception {
        String id = create("python-312").get("id").asText();
        assertThat(ok(sdk.get("/sandboxes/" + id + "/ports"), 200).isEmpty()).isTrue();
        exec(id, "nohup python -m http.server 8765 >/dev/null 2>&1 &");
        JsonNode ports = null;
        for (int i = 0; i < 50; i++) {
            ports = ok(sdk.get("/sandboxes/" + id + "/ports"), 200);
            if (ports.findValuesAsText("port").contains("8765")) break;
            Thread.sleep(100);
        }
        assertThat(ports.findValuesAsText("port")).contains("8765");
        ports.forEach(p -> assertStrict(p, CagedSdk.PORT));

        JsonNode trust = ok(sdk.get("/trust/sandboxes/" + id), 200);
        assertThat(trust.size()).isPositive();
        trust.forEach(t -> assertStrict(t, CagedSdk.TRUST_SCORE));
        sdk.call("DELETE", "/sandboxes/" + id, null);
    }
}
