package dev.sandbench.engine.bench;

import java.util.ArrayList;
import java.util.List;

/** Ingest throughput, replay of a 100,000-event session, and what recording costs an exec. */
final class SessionsBench {
    record Result(double eventsPerSecond, EngineBench.Stats replay, EngineBench.Stats recorded, EngineBench.Stats unrecorded) {}

    private SessionsBench() {}

    static Result run(EngineBench.ExternalEngine engine) throws Exception {
        EngineBench.Plain plain = new EngineBench.Plain(engine.url(), engine.key());
        String id = engine.client().createSandbox();
        String batch = batch(id, "warm", 0);
        plain.call("POST", "/v1/events/ingest", batch);
        long t = System.nanoTime();
        int n = 0;
        for (int b = 0; b < 100; b++) {
            plain.call("POST", "/v1/events/ingest", batch(id, "bench", b));
            n += 1000;
        }
        double perSecond = n / ((System.nanoTime() - t) / 1e9);
        EngineBench.Stats replay = new EngineBench.Stats();
        for (int i = 0; i < 3; i++) {
            long s = System.nanoTime();
            plain.call("GET", "/v1/sessions/bench/replay", null);
            replay.add(System.nanoTime() - s);
        }

        EngineBench.Stats recorded = new EngineBench.Stats();
        EngineBench.Stats unrecorded = new EngineBench.Stats();
        try (EngineBench.ExternalEngine off = EngineBench.ExternalEngine.start("--no-record", "--warm-pool", "1")) {
            EngineBench.Plain offPlain = new EngineBench.Plain(off.url(), off.key());
            String offId = off.client().createSandbox();
            String body = "{\"command\":\"true\"}";
            for (int i = 0; i < 100; i++) {
                plain.call("POST", "/v1/sandboxes/" + id + "/exec", body);
                offPlain.call("POST", "/v1/sandboxes/" + offId + "/exec", body);
            }
            // Interleaved, so both engines see the same machine.
            for (int i = 0; i < 300; i++) {
                long s = System.nanoTime();
                plain.call("POST", "/v1/sandboxes/" + id + "/exec", body);
                recorded.add(System.nanoTime() - s);
                s = System.nanoTime();
                offPlain.call("POST", "/v1/sandboxes/" + offId + "/exec", body);
                unrecorded.add(System.nanoTime() - s);
            }
        }
        return new Result(perSecond, replay, recorded, unrecorded);
    }

    private static String batch(String sandboxId, String session, int b) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String type = i % 3 == 0 ? "llm_call" : i % 3 == 1 ? "tool_call" : "message";
            events.add("{\"id\":\"" + session + "-" + b + "-" + i + "\",\"type\":\"" + type + "\",\"sandbox_id\":\"" + sandboxId
                    + "\",\"session_id\":\"" + session + "\",\"data\":{\"model\":\"gpt-4o\",\"tokens_in\":120,"
                    + "\"tokens_out\":40,\"name\":\"tool" + (i % 7) + "\",\"text\":\"step " + i + " of the agent\"}}");
        }
        return "{\"events\":[" + String.join(",", events) + "]}";
    }
}
