package dev.sandbench.app;

import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.exec.ExecRequest;
import dev.sandbench.client.sessions.IngestEvent;
import dev.sandbench.client.terminal.TerminalConnection;
import dev.sandbench.client.terminal.TerminalListener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What an agent does in a sandbox, for real: LLM and tool calls reported to the engine, commands,
 * file edits, a snapshot, a failure, a terminal session. Steps are a little apart so their order
 * is unambiguous on the timeline.
 */
final class ScriptedAgentRun {
    static final String V1 = "print('v1')\n";
    static final String V2 = "print('v2')\nprint('fixed')\n";
    /** 1,200 + 500 tokens in, 300 + 100 out at gpt-4o's price (2.50 / 10.00 per million). */
    static final long TOKENS = 2100;
    static final double COST = (1700 * 2.50 + 400 * 10.00) / 1e6;

    private ScriptedAgentRun() {}

    static void run(SandbenchClient c, String sandboxId, String sessionId) throws Exception {
        ingest(c, sandboxId, sessionId, "llm_call", Map.of("agent_type", "coder", "model", "gpt-4o", "tokens_in", 1200,
                "tokens_out", 300, "prompt", "Write app.py that prints v1", "response", "Here is app.py"));
        pause();
        c.exec().run(sandboxId, ExecRequest.of("echo building"));
        pause();
        c.files().writeText(sandboxId, "/workspace/app.py", V1);
        pause();
        c.snapshots().create(sandboxId, "checkpoint", "after v1");
        pause();
        ingest(c, sandboxId, sessionId, "tool_call", Map.of("name", "run_tests", "arguments", Map.of("path", "app.py"),
                "result", "1 failed"));
        pause();
        c.files().writeText(sandboxId, "/workspace/app.py", V2);
        pause();
        ingest(c, sandboxId, sessionId, "error", Map.of("message", "tests failed: AssertionError in test_app"));
        pause();
        terminal(c, sandboxId);
        pause();
        ingest(c, sandboxId, sessionId, "llm_call", Map.of("model", "gpt-4o", "tokens_in", 500, "tokens_out", 100,
                "prompt", "Fix the test", "response", "Done"));
        pause();
        c.exec().run(sandboxId, ExecRequest.of("cat /workspace/app.py"));
        pause();
        ingest(c, sandboxId, sessionId, "session_end", Map.of("status", "completed"));
    }

    private static void terminal(SandbenchClient c, String sandboxId) throws Exception {
        StringBuilder seen = new StringBuilder();
        CompletableFuture<Integer> exited = new CompletableFuture<>();
        try (TerminalConnection t = c.terminal().open(sandboxId, 24, 80, new TerminalListener() {
            @Override
            public void onOutput(String data) {
                synchronized (seen) {
                    seen.append(data);
                }
            }

            @Override
            public void onExit(int code) {
                exited.complete(code);
            }
        })) {
            t.send("echo from-terminal-$((6*7))\n");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < until) {
                synchronized (seen) {
                    if (seen.indexOf("from-terminal-42") >= 0) break;
                }
                Thread.sleep(20);
            }
            t.send("exit\n");
            exited.get(20, TimeUnit.SECONDS);
        }
    }

    private static void ingest(SandbenchClient c, String sandboxId, String sessionId, String type, Map<String, Object> data) {
        var r = c.sessions().ingest(List.of(IngestEvent.of(type, sandboxId, data).session(sessionId)));
        if (r.accepted() != 1) throw new IllegalStateException("ingest refused: " + r);
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(120);
    }
}
