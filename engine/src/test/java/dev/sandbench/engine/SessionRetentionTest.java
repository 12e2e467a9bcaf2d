package dev.sandbench.engine;

import dev.sandbench.engine.core.EngineConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SessionRetentionTest {
    private static final Duration OFF = Duration.ZERO;

    @Test
    void theOldestEndedSessionsArePrunedFirstAndActiveOnesNever() throws Exception {
        Path data = Files.createTempDirectory("sandbench-retention-");
        String old;
        String newer;
        String active;
        long newerBytes;
        long activeBytes;
        TestEngine first = new TestEngine(data, c -> c.withWarmPool(0));
        try {
            TestEngine.Client api = first.client();
            old = endedSession(api, "head -c 3000 /dev/zero | tr '\\0' a");
            newer = endedSession(api, "head -c 30000 /dev/zero | tr '\\0' b");
            String live = api.createSandbox();
            api.exec(live, "echo still working");
            active = api.get("/v1/sandboxes/" + live + "/sessions").json().get(0).get("id").asText();
            newerBytes = api.get("/v1/sessions/" + newer).json().get("size_bytes").asLong();
            activeBytes = api.get("/v1/sessions/" + active).json().get("size_bytes").asLong();
            assertThat(api.get("/v1/sessions/" + old).json().get("size_bytes").asLong()).isGreaterThan(3000);
            assertThat(newerBytes).isGreaterThan(30_000);
        } catch (RuntimeException | Error e) {
            first.close();
            throw e;
        }
        first.stop();

        // Room for the newer and the active session only (with slack for the active session's
        // "stopped by the restart" event): the oldest goes, though it is the smaller.
        long room = newerBytes + activeBytes + 1500;
        try (TestEngine engine = new TestEngine(data, c -> c.withWarmPool(0).withSessionRetention(
                new EngineConfig.SessionRetention(OFF, room, Duration.ofMillis(100))))) {
            TestEngine.Client api = engine.client();
            awaitGone(api, old);
            assertThat(api.get("/v1/sessions/" + newer).status()).isEqualTo(200);
            assertThat(api.get("/v1/sessions/" + active).status()).isEqualTo(200);
        }
    }

    @Test
    void endedSessionsPastTheAgeLimitArePrunedAndActiveOnesKept() throws Exception {
        // The sessions are made, and the first one seen ended, by an engine that prunes nothing:
        // with an age limit of 1 ms an engine could prune a session between its end and any look at it.
        Path data = Files.createTempDirectory("sandbench-retention-");
        String ended;
        String active;
        TestEngine first = new TestEngine(data, c -> c.withWarmPool(0));
        try {
            TestEngine.Client api = first.client();
            ended = endedSession(api, "echo done");
            String live = api.createSandbox();
            api.exec(live, "echo still working");
            active = api.get("/v1/sandboxes/" + live + "/sessions").json().get(0).get("id").asText();
        } catch (RuntimeException | Error e) {
            first.close();
            throw e;
        }
        first.stop();

        try (TestEngine engine = new TestEngine(data, c -> c.withWarmPool(0).withSessionRetention(
                new EngineConfig.SessionRetention(Duration.ofMillis(1), 1, Duration.ofMillis(100))))) {
            TestEngine.Client api = engine.client();
            awaitGone(api, ended);
            Thread.sleep(300); // a few more passes
            assertThat(api.get("/v1/sessions/" + active).json().get("status").asText()).isEqualTo("active");
            assertThat(api.get("/v1/sessions/" + active + "/replay").json().findValuesAsText("type")).contains("command");
        }
    }

    /** A sandbox that ran one command and was destroyed, which ends its session; returns the session id. */
    private static String endedSession(TestEngine.Client api, String command) {
        String id = api.createSandbox();
        api.exec(id, command);
        String session = api.get("/v1/sandboxes/" + id + "/sessions").json().get(0).get("id").asText();
        api.delete("/v1/sandboxes/" + id);
        long deadline = System.currentTimeMillis() + 5000;
        while (!api.get("/v1/sessions/" + session).json().get("status").asText().equals("completed")) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("session " + session + " did not end");
            Thread.onSpinWait();
        }
        return session;
    }

    private static void awaitGone(TestEngine.Client api, String session) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (api.get("/v1/sessions/" + session).status() != 404) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("session " + session + " was not pruned");
            Thread.sleep(50);
        }
    }
}
