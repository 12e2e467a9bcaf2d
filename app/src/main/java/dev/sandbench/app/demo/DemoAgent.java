package dev.sandbench.app.demo;

import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.exec.ExecRequest;
import dev.sandbench.client.exec.ExecResult;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sessions.AgentSession;
import dev.sandbench.client.sessions.IngestEvent;
import dev.sandbench.client.sessions.IngestResult;
import dev.sandbench.client.snapshots.Snapshot;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A scripted coding agent run for real against the connected engine, so a new user sees what a
 * session looks like in the replay: the story of the examples (examples/README.md). It plans with a
 * model, writes {@code calc.py} with an off-by-one bug and a unittest for it, runs the test and sees
 * it fail, asks the model why, takes a snapshot, fixes the bug and sees the test pass. The model's
 * answers are written in advance; its calls (model, tokens, cost, prompt, response) and the tool
 * calls are reported through ingest, the engine records the commands, file writes and snapshot.
 * Blocking: run it off the UI thread.
 */
public final class DemoAgent {
    public static final String AGENT = "demo-agent";
    public static final String MODEL = "claude-sonnet-4";
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

    /** Tokens in and out of a model call and its price at $3 / $15 per million tokens. */
    record Usage(long tokensIn, long tokensOut, double costUsd) {}

    static final Usage PLAN = new Usage(1850, 420, 0.01185);
    static final Usage DIAGNOSIS = new Usage(2640, 180, 0.01062);
    static final Usage SUMMARY = new Usage(2980, 95, 0.010365);
    /** The model calls' totals, as the session's must come out. */
    public static final long TOKENS_IN = PLAN.tokensIn() + DIAGNOSIS.tokensIn() + SUMMARY.tokensIn();
    public static final long TOKENS_OUT = PLAN.tokensOut() + DIAGNOSIS.tokensOut() + SUMMARY.tokensOut();
    public static final double COST_USD = PLAN.costUsd() + DIAGNOSIS.costUsd() + SUMMARY.costUsd();

    /** The sandbox the agent worked in and the session it left (completed). */
    public record Result(Sandbox sandbox, AgentSession session) {}

    /** The agent did not get where the story goes (the test passed before the fix, or failed after it). */
    public static final class DemoFailed extends RuntimeException {
        DemoFailed(String message) {
            super(message);
        }
    }

    private final SandbenchClient sb;
    private final Consumer<String> progress;
    private final Duration thinking;
    private final String session = AGENT + "-" + Long.toString(System.currentTimeMillis(), 36);
    private String sandboxId;
    private int events;

    /**
     * @param progress told what the agent does next, in a few words ("running the tests"), from the
     *                 agent's thread
     * @param thinking how long the scripted model takes to answer (zero in tests)
     */
    public DemoAgent(SandbenchClient sb, Consumer<String> progress, Duration thinking) {
        this.sb = sb;
        this.progress = progress;
        this.thinking = thinking;
    }

    /** Runs the whole story in a new sandbox, which it leaves running. */
    public Result run() throws InterruptedException {
        progress.accept("creating a sandbox");
        Sandbox box = sb.sandboxes().create(CreateSandbox.builder().template("python").name(AGENT)
                .label("created_by", AGENT).build());
        sandboxId = box.id();

        progress.accept("asking the model for a plan");
        llm("Write calc.py with a function average(values) that returns the arithmetic mean, and a unittest for it in "
                        + "test_calc.py. Then run the test.",
                "I'll write calc.py:\n\n" + BUGGY + "\nand test_calc.py:\n\n" + TEST + "\nThen I'll run `" + TEST_COMMAND + "`.",
                PLAN);
        progress.accept("writing calc.py and its test");
        writeFile("/workspace/calc.py", BUGGY);
        writeFile("/workspace/test_calc.py", TEST);

        progress.accept("running the tests");
        ExecResult first = runTests();
        if (first.exitCode() == 0) throw new DemoFailed("the tests passed before the fix:\n" + first.output());

        progress.accept("the tests failed; asking the model why");
        llm("`" + TEST_COMMAND + "` failed with exit code " + first.exitCode() + ":\n\n" + first.output() + "\nFind the bug and fix it.",
                "average() divides by len(values) - 1; the mean divides by len(values). That makes average([2, 4, 6]) "
                        + "return 6 and average([5]) divide by zero. I'll take a snapshot, then fix calc.py:\n\n" + FIXED,
                DIAGNOSIS);
        progress.accept("taking a snapshot before the fix");
        Snapshot s = sb.snapshots().create(sandboxId, "before-fix", "calc.py still divides by len(values) - 1");
        tool("create_snapshot", Map.of("name", "before-fix"), "snapshot " + s.id() + " 'before-fix' taken");

        progress.accept("fixing calc.py");
        writeFile("/workspace/calc.py", FIXED);
        progress.accept("running the tests again");
        ExecResult second = runTests();
        if (second.exitCode() != 0) throw new DemoFailed("the tests still fail after the fix:\n" + second.output());

        progress.accept("the tests pass; reporting");
        llm("`" + TEST_COMMAND + "` now passes:\n\n" + second.output() + "\nSummarise what you did.",
                "Fixed an off-by-one in calc.average(): it divided by len(values) - 1 instead of len(values). Both tests pass.",
                SUMMARY);
        report("session_end", Map.of("status", "completed"));
        return new Result(sb.sandboxes().get(sandboxId), sb.sessions().get(session));
    }

    private void llm(String prompt, String response, Usage usage) throws InterruptedException {
        Thread.sleep(thinking.toMillis());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", MODEL);
        data.put("tokens_in", usage.tokensIn());
        data.put("tokens_out", usage.tokensOut());
        data.put("cost_usd", usage.costUsd());
        data.put("prompt", prompt);
        data.put("response", response);
        if (events == 0) data.put("agent_type", AGENT);
        report("llm_call", data);
    }

    private void writeFile(String path, String content) {
        sb.files().writeText(sandboxId, path, content);
        tool("write_file", Map.of("path", path, "content", content),
                "wrote " + content.getBytes(StandardCharsets.UTF_8).length + " bytes to " + path);
    }

    private ExecResult runTests() {
        ExecResult r = sb.exec().run(sandboxId, ExecRequest.of(TEST_COMMAND).cwd("/workspace").timeout(Duration.ofSeconds(60)));
        if (r.error() != null) throw new DemoFailed("the engine could not run the tests: " + r.error());
        tool("run_command", Map.of("command", TEST_COMMAND, "cwd", "/workspace"),
                r.output().stripTrailing() + "\n[exit code " + r.exitCode() + "]");
        return r;
    }

    private void tool(String name, Map<String, Object> arguments, String result) {
        report("tool_call", Map.of("name", name, "arguments", arguments, "result", result));
    }

    /** One event of the session; its id makes a retried report harmless. */
    private void report(String type, Map<String, Object> data) {
        String id = session + "-" + (++events);
        IngestResult r = sb.sessions().ingest(List.of(IngestEvent.of(type, sandboxId, data).id(id).session(session)));
        if (r.accepted() != 1) throw new DemoFailed("the engine refused a " + type + " event: " + r.problems());
    }
}
