package dev.sandbench.app;

import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.exec.ExecRequest;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sessions.IngestEvent;

import java.util.List;
import java.util.Map;

/**
 * A longer scripted agent run against a running engine, for looking at the replay by hand and for
 * the README's screenshots: {@code java -cp <test classpath> dev.sandbench.app.DemoAgentRun URL KEY}.
 */
public final class DemoAgentRun {
    private DemoAgentRun() {}

    public static void main(String[] args) throws Exception {
        try (SandbenchClient c = SandbenchClient.connect(args[0], args[1])) {
            Sandbox box = c.sandboxes().create(CreateSandbox.builder().name("fix-the-tests").build());
            String session = "demo-" + Long.toString(System.currentTimeMillis(), 36);
            ScriptedAgentRun.run(c, box.id(), session + "-warmup");
            for (int round = 1; round <= 4; round++) {
                ingest(c, box.id(), session, "llm_call", Map.of("agent_type", "coder", "model", "claude-sonnet-4",
                        "tokens_in", 2400 + round * 900, "tokens_out", 350 + round * 40,
                        "prompt", "Round " + round + ": the test suite reports failures in calc.py. Fix them.",
                        "response", "I'll read calc.py, patch the bug and run pytest."));
                Thread.sleep(400);
                ingest(c, box.id(), session, "tool_call", Map.of("name", "read_file", "arguments", Map.of("path", "calc.py"),
                        "result", "def add(a, b):\n    return a - b\n"));
                Thread.sleep(250);
                c.files().writeText(box.id(), "/workspace/calc.py", "def add(a, b):\n    return a " + (round < 3 ? "-" : "+")
                        + " b\n\n\ndef mul(a, b):\n    return a * b" + (round < 2 ? " + 0" : "") + "\n");
                Thread.sleep(300);
                c.exec().run(box.id(), ExecRequest.of("cd /workspace && python3 -c 'import calc; assert calc.add(2, 2) == 4' && echo passed"));
                Thread.sleep(300);
                if (round == 2) {
                    ingest(c, box.id(), session, "error", Map.of("message", "AssertionError: add(2, 2) returned 0"));
                    Thread.sleep(200);
                    c.snapshots().create(box.id(), "before-round-3", "calc.py still broken");
                }
                if (round == 3) c.exec().run(box.id(), ExecRequest.of("cat /etc/shadow || true"));
                Thread.sleep(round == 2 ? 6500 : 500); // an idle pause: compressed on the timeline
            }
            ingest(c, box.id(), session, "session_end", Map.of("status", "completed"));
            System.out.println(box.id() + " " + session);
        }
    }

    private static void ingest(SandbenchClient c, String sandbox, String session, String type, Map<String, Object> data) {
        c.sessions().ingest(List.of(IngestEvent.of(type, sandbox, data).session(session)));
    }
}
