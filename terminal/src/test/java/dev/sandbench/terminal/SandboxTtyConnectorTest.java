package dev.sandbench.terminal;

import com.techsenger.jeditermfx.core.util.TermSize;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.engine.Engine;
import dev.sandbench.engine.core.EngineConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The connector against a real engine, read the way JediTerm's emulator thread reads it. */
class SandboxTtyConnectorTest {
    @TempDir
    static Path dataDir;
    static Engine engine;
    static SandbenchClient client;
    static Sandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start(EngineConfig.defaults(dataDir).withPort(0).withWarmPool(0));
        client = SandbenchClient.connect(engine.url(), engine.adminKey());
        sandbox = client.sandboxes().create();
    }

    @AfterAll
    static void stop() {
        client.close();
        engine.close();
    }

    private static String readUntil(SandboxTtyConnector tty, String expected) {
        StringBuilder seen = new StringBuilder();
        char[] buf = new char[1024];
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!seen.toString().contains(expected)) {
            assertThat(System.nanoTime()).as("waiting for %s in %s", expected, seen).isLessThan(deadline);
            int n = tty.read(buf, 0, buf.length);
            if (n < 0) break;
            seen.append(buf, 0, n);
        }
        return seen.toString();
    }

    @Test
    void typedCommandsRunInTheSandboxShell() {
        CompletableFuture<SandboxTtyConnector.Ended> ended = new CompletableFuture<>();
        SandboxTtyConnector tty = SandboxTtyConnector.open(client, sandbox.id(), 24, 80, ended::complete);
        tty.write("echo $((40+2))\n");
        assertThat(readUntil(tty, "42")).contains("42");
        tty.write("exit 3\n");
        assertThat(ended.orTimeout(20, TimeUnit.SECONDS).join().exitCode()).isEqualTo(3);
        assertThat(tty.isConnected()).isFalse();
        char[] buf = new char[64];
        while (tty.read(buf, 0, buf.length) >= 0) { /* drain what the shell wrote before exiting */ }
        assertThat(tty.read(buf, 0, buf.length)).isEqualTo(-1);
    }

    @Test
    void resizeChangesThePtySize() {
        SandboxTtyConnector tty = SandboxTtyConnector.open(client, sandbox.id(), 24, 80, e -> { });
        try {
            tty.resize(new TermSize(132, 40));
            tty.write("stty size\n");
            assertThat(readUntil(tty, "40 132")).contains("40 132");
        } finally {
            tty.close();
        }
    }

    @Test
    void closingTheConnectorEndsTheShell() throws Exception {
        CompletableFuture<SandboxTtyConnector.Ended> ended = new CompletableFuture<>();
        SandboxTtyConnector tty = SandboxTtyConnector.open(client, sandbox.id(), 24, 80, ended::complete);
        tty.write("echo marker-$((1+1))\n");
        readUntil(tty, "marker-2");
        tty.close();
        ended.orTimeout(20, TimeUnit.SECONDS).join();
        // No shell of ours is left in the sandbox.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String ps;
        do {
            ps = client.exec().run(sandbox.id(), "ps -eo args").stdout();
            if (!ps.contains("bash -i")) break;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertThat(ps).doesNotContain("bash -i");
    }
}
