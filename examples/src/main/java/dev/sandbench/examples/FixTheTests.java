package dev.sandbench.examples;

import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.SandbenchException;
import dev.sandbench.client.exec.ExecRequest;
import dev.sandbench.client.exec.ExecResult;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sandboxes.SandboxStatus;
import dev.sandbench.client.sessions.IngestEvent;
import dev.sandbench.client.sessions.IngestResult;
import dev.sandbench.client.snapshots.Snapshot;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scripted agent that fixes a failing test in a Sandbench sandbox, on the bundled Java client.
 *
 * <p>It does what a coding agent does, with the model's answers written in advance: it writes code
 * with a bug and a unit test for it, runs the test and sees it fail, takes a snapshot, fixes the
 * bug, runs the test again and sees it pass. Every model call (model, tokens, cost, prompt,
 * response) and every tool call (name, arguments, result) is reported through
 * {@code sessions().ingest}, next to the commands and file changes the engine records itself, so
 * the session replays in the workbench.
 *
 * <pre>
 * java -jar examples/target/sandbench-examples.jar URL KEY [--sandbox ID] [--cleanup]
 * </pre>
 *
 * URL and KEY may come from SANDBENCH_URL and SANDBENCH_KEY instead. Exit status: 0 done, 1 failed,
 * 2 usage.
 */
public final class FixTheTests {
    static final String AGENT = "fix-the-tests-java";
    static final String MODEL = "claude-sonnet-4";
    static final String TEST_COMMAND = "python3 -m unittest -v test_calc";

    static final String BUGGY = """
            def average(values):
                \"""The arithmetic mean of a non-empty list of numbers.\"""
                return sum(values) / (len(values) - 1)
            """;
    static final String FIXED = """
            def average(values):
                \"""The arithmetic mean of a non-empty list of numbers.\"""
                return sum(values) / len(values)
            """;
    static final String TEST = """
            import unittest

            from calc import average


            class AverageTest(unittest.TestCase):
                def test_average_of_three_numbers(self):
                    self.assertEqual(average([2, 4, 6]), 4)

                def test_average_of_one_number(self):
                    self.assertEqual(average([5]), 5)


            if __name__ == "__main__":
                unittest.main()
            """;

    /** What a model call used: tokens in and out, and its price at $3 / $15 per million tokens. */
    record Usage(long tokensIn, long tokensOut, double costUsd) {}

    static final Usage PLAN = new Usage(1850, 420, 0.01185);
    static final Usage DIAGNOSIS = new Usage(2640, 180, 0.01062);
    static final Usage SUMMARY = new Usage(2980, 95, 0.010365);

    /** A failure the agent explains in one line (the engine's own reason, or an unexpected test outcome). */
    static final class AgentFailed extends RuntimeException {
        AgentFailed(String message) {
            super(message);
        }
    }

    private final SandbenchClient sb;
    private final String sandboxId;
    private final String session = AGENT + "-" + Long.toString(System.currentTimeMillis(), 36);
    private final List<Usage> llmCalls = new ArrayList<>();
    private int events;
    private int toolCalls;

    private FixTheTests(SandbenchClient sb, String sandboxId) {
        this.sb = sb;
        this.sandboxId = sandboxId;
    }

    /** Sends one event of this session; its id makes a retried report harmless. */
    private void report(String type, Map<String, Object> data) {
        String id = session + "-" + (++events);
        IngestResult r = sb.sessions().ingest(List.of(IngestEvent.of(type, sandboxId, data).id(id).session(session)));
        if (r.accepted() != 1) throw new AgentFailed("the engine refused a " + type + " event: " + r.problems());
    }

    private void llm(String prompt, String response, Usage usage) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", MODEL);
        data.put("tokens_in", usage.tokensIn());
        data.put("tokens_out", usage.tokensOut());
        data.put("cost_usd", usage.costUsd());
        data.put("prompt", prompt);
        data.put("response", response);
        if (llmCalls.isEmpty()) data.put("agent_type", AGENT);
        report("llm_call", data);
        llmCalls.add(usage);
    }

    private void tool(String name, Map<String, Object> arguments, String result) {
        report("tool_call", Map.of("name", name, "arguments", arguments, "result", result));
        toolCalls++;
    }

    private void writeFile(String path, String content) {
        sb.files().writeText(sandboxId, path, content);
        tool("write_file", Map.of("path", path, "content", content),
                "wrote " + content.getBytes(StandardCharsets.UTF_8).length + " bytes to " + path);
    }

    private ExecResult runTests() {
        ExecResult r = sb.exec().run(sandboxId, ExecRequest.of(TEST_COMMAND).cwd("/workspace").timeout(Duration.ofSeconds(60)));
        if (r.error() != null) throw new AgentFailed("the engine could not run the tests: " + r.error());
        tool("run_command", Map.of("command", TEST_COMMAND, "cwd", "/workspace"),
                r.output().stripTrailing() + "\n[exit code " + r.exitCode() + "]");
        return r;
    }

    private void snapshot(String name, String description) {
        Snapshot s = sb.snapshots().create(sandboxId, name, description);
        tool("create_snapshot", Map.of("name", name, "description", description), "snapshot " + s.id() + " '" + name + "' taken");
    }

    private void run() {
        step("asking the model for a plan");
        llm("Write calc.py with a function average(values) that returns the arithmetic mean, and a unittest for it in "
                        + "test_calc.py. Then run the test.",
                "I'll write calc.py:\n\n" + BUGGY + "\nand test_calc.py:\n\n" + TEST + "\nThen I'll run `" + TEST_COMMAND + "`.",
                PLAN);
        step("writing calc.py and test_calc.py");
        writeFile("/workspace/calc.py", BUGGY);
        writeFile("/workspace/test_calc.py", TEST);
        step("running the tests");
        ExecResult first = runTests();
        if (first.exitCode() == 0) throw new AgentFailed("the tests passed before the fix; expected them to fail:\n" + first.output());
        System.out.println(indent(first.output()));
        step("the tests failed (exit code " + first.exitCode() + "); asking the model why");
        llm("`" + TEST_COMMAND + "` failed with exit code " + first.exitCode() + ":\n\n" + first.output() + "\nFind the bug and fix it.",
                "average() divides by len(values) - 1; the mean divides by len(values). That makes average([2, 4, 6]) "
                        + "return 6 and average([5]) divide by zero. I'll take a snapshot, then fix calc.py:\n\n" + FIXED,
                DIAGNOSIS);
        step("taking a snapshot before the fix");
        snapshot("before-fix", "calc.py still divides by len(values) - 1");
        step("fixing calc.py");
        writeFile("/workspace/calc.py", FIXED);
        step("running the tests again");
        ExecResult second = runTests();
        System.out.println(indent(second.output()));
        if (second.exitCode() != 0) throw new AgentFailed("the tests still fail after the fix (exit code " + second.exitCode() + ")");
        step("the tests pass; reporting the outcome");
        llm("`" + TEST_COMMAND + "` now passes:\n\n" + second.output() + "\nSummarise what you did.",
                "Fixed an off-by-one in calc.average(): it divided by len(values) - 1 instead of len(values). Both tests pass.",
                SUMMARY);
        report("session_end", Map.of("status", "completed"));
    }

    private static void step(String what) {
        System.out.println("fix-the-tests: " + what);
    }

    private static String indent(String text) {
        return ("    " + text.stripTrailing().replace("\n", "\n    ")).replace("    \n", "\n");
    }

    /** The command line: URL and KEY (or SANDBENCH_URL and SANDBENCH_KEY), --sandbox ID, --cleanup. */
    record Options(String url, String key, String sandbox, boolean cleanup) {
        static final String USAGE = "usage: java -jar sandbench-examples.jar [URL [KEY]] [--sandbox ID] [--cleanup]\n"
                + "URL and KEY default to $SANDBENCH_URL and $SANDBENCH_KEY. The workbench's embedded engine keeps its key in\n"
                + "~/.local/share/sandbench/engine/admin.key (/var/lib/sandbench/engine/admin.key as root).";

        /** Parses the arguments; a usage problem is an IllegalArgumentException with the reason. */
        static Options parse(String[] args, Map<String, String> env) {
            List<String> positional = new ArrayList<>();
            String sandbox = null;
            boolean cleanup = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--cleanup" -> cleanup = true;
                    case "--sandbox" -> {
                        if (i + 1 >= args.length) throw new IllegalArgumentException("--sandbox needs a sandbox id");
                        sandbox = args[++i];
                    }
                    default -> {
                        if (args[i].startsWith("-")) throw new IllegalArgumentException("unknown option " + args[i]);
                        positional.add(args[i]);
                    }
                }
            }
            if (positional.size() > 2) throw new IllegalArgumentException("too many arguments: " + positional);
            String url = positional.size() > 0 ? positional.get(0) : env.get("SANDBENCH_URL");
            String key = positional.size() > 1 ? positional.get(1) : env.get("SANDBENCH_KEY");
            if (url == null || url.isBlank() || key == null || key.isBlank()) {
                throw new IllegalArgumentException("give the engine's URL and an API key as arguments, or set SANDBENCH_URL and SANDBENCH_KEY");
            }
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("URL must start with http:// or https://, got " + url);
            }
            return new Options(url, key, sandbox, cleanup);
        }
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println(Options.USAGE);
            return;
        }
        Options o;
        try {
            o = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(Options.USAGE);
            System.err.println("fix-the-tests: error: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(o));
    }

    private static int run(Options o) {
        try (SandbenchClient sb = SandbenchClient.connect(o.url(), o.key())) {
            Sandbox box;
            if (o.sandbox() != null) {
                box = sb.sandboxes().get(o.sandbox());
                if (box.status() != SandboxStatus.RUNNING) {
                    throw new AgentFailed("sandbox " + box.id() + " is " + box.status().name().toLowerCase(Locale.ROOT) + ", not running");
                }
            } else {
                step("creating a sandbox");
                box = sb.sandboxes().create(CreateSandbox.builder().template("python").name(AGENT).build());
            }
            System.out.println("fix-the-tests: sandbox " + box.id());
            FixTheTests agent = new FixTheTests(sb, box.id());
            agent.run();
            long in = agent.llmCalls.stream().mapToLong(Usage::tokensIn).sum();
            long out = agent.llmCalls.stream().mapToLong(Usage::tokensOut).sum();
            double cost = agent.llmCalls.stream().mapToDouble(Usage::costUsd).sum();
            System.out.printf(Locale.ROOT, "Reported %d LLM calls (%d tokens in, %d out, $%.6f) and %d tool calls in session %s.%n",
                    agent.llmCalls.size(), in, out, cost, agent.toolCalls, agent.session);
            if (o.cleanup()) {
                sb.sandboxes().destroy(box.id());
                System.out.println("Destroyed sandbox " + box.id() + " (--cleanup). The session stays: GET "
                        + o.url().replaceAll("/+$", "") + "/v1/sessions/" + agent.session + "/replay");
            } else {
                System.out.println("Open the workbench, select sandbox " + box.id() + (box.name() == null ? "" : " (name " + box.name() + ")")
                        + ", Sessions tab, double-click session " + agent.session);
            }
            return 0;
        } catch (AgentFailed | SandbenchException e) {
            System.err.println("fix-the-tests: failed: " + e.getMessage());
            return 1;
        }
    }
}
