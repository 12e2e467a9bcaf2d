package dev.sandbench.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.client.NotFoundException;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sandboxes.SandboxStatus;
import dev.sandbench.client.sessions.AgentSession;
import dev.sandbench.client.sessions.ReplayEvent;
import dev.sandbench.client.sessions.TravelResult;
import dev.sandbench.engine.Engine;
import dev.sandbench.engine.core.EngineConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Examples that never rot: each example runs against a live engine exactly as examples/README.md
 * says, and the session it leaves is checked through the API: every event it should have, the
 * tokens and cost it reported, the test failing once and passing once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplesTest {
    /** The story every example tells: three model calls at these prices, six tool calls. */
    static final long TOKENS_IN = 1850 + 2640 + 2980;
    static final long TOKENS_OUT = 420 + 180 + 95;
    static final double COST_USD = 0.01185 + 0.01062 + 0.010365;
    static final List<String> TOOLS = List.of("write_file", "write_file", "run_command", "create_snapshot", "write_file", "run_command");
    static final String FIXED = "return sum(values) / len(values)";
    static final String BUG = "return sum(values) / (len(values) - 1)";

    private final Path examples = Path.of(System.getProperty("examples.dir", ".")).toAbsolutePath();
    private Path dataDir;
    private Engine engine;
    private SandbenchClient api;

    @BeforeAll
    void startEngine() throws IOException {
        dataDir = Files.createTempDirectory("sandbench-examples-test-");
        engine = Engine.start(EngineConfig.defaults(dataDir).withPort(0).withWarmPool(1));
        api = SandbenchClient.connect(engine.url(), engine.adminKey());
    }

    @AfterAll
    void stopEngine() throws IOException {
        if (api != null) api.close();
        if (engine != null) engine.close();
        try (Stream<Path> walk = Files.walk(dataDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private List<String> java(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FixTheTests.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<String> python(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", "fix_the_tests.py"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void theJavaExampleFixesTheTestAndLeavesItsSession() throws Exception {
        ExampleRun run = ExampleRun.of("java", examples, Map.of(), 180, java(engine.url(), engine.adminKey()));
        checkSession(run, "fix-the-tests-java", false);
    }

    @Test
    void thePythonExampleFixesTheTestAndLeavesItsSession() throws Exception {
        ExampleRun run = ExampleRun.of("python", examples.resolve("python"), Map.of(), 180, python(engine.url(), engine.adminKey()));
        List<ReplayEvent> events = checkSession(run, "fix-the-tests-python", false);

        // As examples/README.md says: Fork here on the failing run brings the buggy calc.py back in a new
        // sandbox, Restore here on the snapshot puts it back in the sandbox itself, exactly.
        String session = run.where().sessionId();
        TravelResult fork = api.sessions().forkAt(session, ofType(events, "command").get(0).id());
        assertThat(api.files().readText(fork.sandbox().id(), "/workspace/calc.py")).contains(BUG).doesNotContain(FIXED);
        api.sandboxes().destroy(fork.sandbox().id());
        TravelResult restored = api.sessions().restoreTo(session, ofType(events, "snapshot").get(0).id());
        assertThat(restored.plan().exact()).as("restore plan %s", restored.plan()).isTrue();
        assertThat(api.files().readText(run.where().sandboxId(), "/workspace/calc.py")).contains(BUG).doesNotContain(FIXED);
    }

    @Test
    void theMcpExampleFixesTheTestOverMcpAndLeavesItsSession() throws Exception {
        Path node = ExampleRun.onPath("node");
        Path npm = ExampleRun.onPath("npm");
        assertThat(node != null && npm != null)
                .as("the MCP example runs on Node.js 18+ with npm, and %s is not installed: sudo apt-get install nodejs npm "
                        + "(README.md lists both among the system packages)", node == null ? "node" : "npm")
                .isTrue();
        Path dir = examples.resolve("mcp");
        ExampleRun version = ExampleRun.of("node-version", dir, Map.of(), 30, List.of(node.toString(), "--version"));
        int major = Integer.parseInt(version.stdout().strip().replaceFirst("^v(\\d+).*", "$1"));
        assertThat(major).as("the MCP example needs Node.js 18 or newer; this is %s", version.stdout().strip()).isGreaterThanOrEqualTo(18);
        // The first run downloads the MCP SDK from npm (later ones come from npm's cache).
        ExampleRun install = ExampleRun.of("npm-ci", dir, Map.of(), 600, List.of(npm.toString(), "ci", "--no-audit", "--no-fund"));
        assertThat(install.exitCode()).as(install.report()).isZero();

        ExampleRun run = ExampleRun.of("mcp", dir, Map.of(), 180, List.of(node.toString(), "fix_the_tests.mjs", engine.url(), engine.adminKey()));
        checkSession(run, "fix-the-tests-mcp", true);

        ExampleRun usage = ExampleRun.of("mcp-usage", dir, Map.of(), 60, List.of(node.toString(), "fix_the_tests.mjs"));
        assertThat(usage.exitCode()).as(usage.report()).isEqualTo(2);
        assertThat(usage.stderr()).contains("usage: node fix_the_tests.mjs").contains("SANDBENCH_URL and SANDBENCH_KEY");
        ExampleRun unreachable = ExampleRun.of("mcp-unreachable", dir, Map.of(), 60,
                List.of(node.toString(), "fix_the_tests.mjs", "http://127.0.0.1:9", "key"));
        assertThat(unreachable.exitCode()).as(unreachable.report()).isEqualTo(1);
        assertThat(unreachable.stderr()).contains("cannot reach the engine at http://127.0.0.1:9");
    }

    @Test
    void theyTakeTheEngineFromTheEnvironmentWorkInAGivenSandboxAndCleanUp() throws Exception {
        Map<String, String> env = Map.of("SANDBENCH_URL", engine.url(), "SANDBENCH_KEY", engine.adminKey());
        for (String example : List.of("java", "python")) {
            Sandbox box = api.sandboxes().create(CreateSandbox.builder().template("python").name("given-" + example).build());
            ExampleRun run = example.equals("java")
                    ? ExampleRun.of("java-cleanup", examples, env, 180, java("--sandbox", box.id(), "--cleanup"))
                    : ExampleRun.of("python-cleanup", examples.resolve("python"), env, 180, python("--sandbox", box.id(), "--cleanup"));
            assertThat(run.exitCode()).as(run.report()).isZero();
            assertThat(run.stdout()).contains("Destroyed sandbox " + box.id() + " (--cleanup)");
            assertThatThrownBy(() -> api.sandboxes().get(box.id())).isInstanceOf(NotFoundException.class);
            AgentSession s = api.sessions().get(run.reported().sessionId());
            assertThat(s.sandboxId()).isEqualTo(box.id());
            assertThat(s.status()).isEqualTo("completed");
            assertThat(s.costUsd()).isCloseTo(COST_USD, within(1e-9));
        }
    }

    @Test
    void withoutAnEngineTheySayHowToCallThemAndFail() throws Exception {
        ExampleRun java = ExampleRun.of("java-usage", examples, Map.of(), 60, java());
        ExampleRun python = ExampleRun.of("python-usage", examples.resolve("python"), Map.of(), 60, python());
        for (ExampleRun r : List.of(java, python)) {
            assertThat(r.exitCode()).as(r.report()).isEqualTo(2);
            assertThat(r.stderr()).contains("usage:").contains("SANDBENCH_URL and SANDBENCH_KEY");
        }
        ExampleRun javaDown = ExampleRun.of("java-unreachable", examples, Map.of(), 60, java("http://127.0.0.1:9", "key"));
        ExampleRun pythonDown = ExampleRun.of("python-unreachable", examples.resolve("python"), Map.of(), 60,
                python("http://127.0.0.1:9", "key"));
        for (ExampleRun r : List.of(javaDown, pythonDown)) {
            assertThat(r.exitCode()).as(r.report()).isEqualTo(1);
            assertThat(r.stderr()).contains("failed").contains("127.0.0.1:9");
        }
        ExampleRun wrongKey = ExampleRun.of("python-wrong-key", examples.resolve("python"), Map.of(), 60,
                python(engine.url(), "not-a-key"));
        assertThat(wrongKey.exitCode()).as(wrongKey.report()).isEqualTo(1);
        assertThat(wrongKey.stderr()).contains("POST /v1/sandboxes answered 401");
    }

    /** The session an example left, read back through the API, against what it says it did and what the story is. */
    private List<ReplayEvent> checkSession(ExampleRun run, String agent, boolean overMcp) {
        assertThat(run.exitCode()).as(run.report()).isZero();
        ExampleRun.Where where = run.where();
        ExampleRun.Reported reported = run.reported();
        assertThat(where.sessionId()).isEqualTo(reported.sessionId()).startsWith(agent + "-");
        assertThat(where.sandboxName()).isEqualTo(agent);

        // What the example says it reported is the story...
        assertThat(reported.llmCalls()).isEqualTo(3);
        assertThat(reported.toolCalls()).isEqualTo(TOOLS.size());
        assertThat(reported.tokensIn()).isEqualTo(TOKENS_IN);
        assertThat(reported.tokensOut()).isEqualTo(TOKENS_OUT);
        assertThat(reported.costUsd()).isCloseTo(COST_USD, within(5e-7));

        // ...and the engine holds exactly that.
        AgentSession s = api.sessions().get(where.sessionId());
        assertThat(s.sandboxId()).isEqualTo(where.sandboxId());
        assertThat(s.status()).isEqualTo("completed");
        assertThat(s.agentType()).isEqualTo(agent);
        assertThat(s.model()).isEqualTo("claude-sonnet-4");
        assertThat(s.tokensIn()).isEqualTo(TOKENS_IN);
        assertThat(s.tokensOut()).isEqualTo(TOKENS_OUT);
        assertThat(s.costUsd()).isCloseTo(COST_USD, within(1e-9));

        List<ReplayEvent> events = api.sessions().replay(where.sessionId());
        assertThat(s.eventCount()).isEqualTo(events.size());
        Map<String, Long> counts = events.stream().collect(Collectors.groupingBy(ReplayEvent::type, Collectors.counting()));
        String seen = events.stream().map(ReplayEvent::type).collect(Collectors.joining(", "));
        assertThat(counts).as("event types in %s: %s", where.sessionId(), seen)
                .containsEntry("llm_call", 3L).containsEntry("tool_call", 6L).containsEntry("command", 2L)
                .containsEntry("file_write", 3L).containsEntry("snapshot", 1L).containsEntry("session_end", 1L);
        assertThat(events.get(events.size() - 1).type()).isEqualTo("session_end");

        List<ReplayEvent> llm = ofType(events, "llm_call");
        assertThat(llm.stream().mapToLong(e -> e.data().path("tokens_in").asLong()).sum()).isEqualTo(TOKENS_IN);
        assertThat(llm.stream().mapToLong(e -> e.data().path("tokens_out").asLong()).sum()).isEqualTo(TOKENS_OUT);
        assertThat(llm.stream().mapToDouble(e -> e.data().path("cost_usd").asDouble()).sum()).isCloseTo(COST_USD, within(1e-9));
        for (ReplayEvent e : llm) assertThat(e.data().path("prompt").asText()).isNotBlank();
        // The second prompt carries the real failing output, as an agent's would.
        assertThat(llm.get(1).data().path("prompt").asText()).contains("FAILED (failures=1, errors=1)");

        List<ReplayEvent> tools = ofType(events, "tool_call");
        assertThat(tools).extracting(e -> e.data().path("name").asText()).containsExactlyElementsOf(TOOLS);
        for (ReplayEvent e : tools) {
            assertThat(e.data().path("arguments").isObject()).as("arguments of %s", e.data()).isTrue();
            assertThat(e.data().path("result").asText()).isNotBlank();
            if (overMcp) assertThat(e.data().path("source").asText()).isEqualTo("mcp");
        }

        // The test really failed once and passed once.
        List<ReplayEvent> commands = ofType(events, "command");
        assertThat(commands).extracting(e -> e.data().path("command").asText()).containsOnly("python3 -m unittest -v test_calc");
        assertThat(commands).extracting(e -> e.data().path("exit_code").asInt()).containsExactly(1, 0);
        assertThat(commands.get(0).data().path("output").asText()).contains("FAILED (failures=1, errors=1)");
        assertThat(commands.get(1).data().path("output").asText()).contains("Ran 2 tests").endsWith("OK\n");

        JsonNode lastWrite = ofType(events, "file_write").get(2).data();
        assertThat(lastWrite.path("path").asText()).isEqualTo("/workspace/calc.py");
        assertThat(lastWrite.path("before").asText()).contains(BUG);
        assertThat(lastWrite.path("after").asText()).contains(FIXED);

        // The sandbox is left for the user, with the fix in it and the snapshot from before it.
        Sandbox box = api.sandboxes().get(where.sandboxId());
        assertThat(box.status()).isEqualTo(SandboxStatus.RUNNING);
        assertThat(api.files().readText(box.id(), "/workspace/calc.py")).contains(FIXED);
        assertThat(api.snapshots().list(box.id())).extracting(x -> x.name()).contains("before-fix");
        return events;
    }

    private static List<ReplayEvent> ofType(List<ReplayEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }
}
