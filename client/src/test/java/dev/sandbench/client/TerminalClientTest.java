package dev.sandbench.client;

import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.terminal.TerminalConnection;
import dev.sandbench.client.terminal.TerminalListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TerminalClientTest {
    static EngineFixture f;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        f = new EngineFixture();
        Sandbox box = f.client.sandboxes().create();
        id = box.id();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** Collects what a terminal shows. */
    static final class Screen implements TerminalListener {
        final StringBuffer text = new StringBuffer();

        @Override
        public void onOutput(String data) {
            text.append(data);
        }

        void await(String s) throws InterruptedException {
            for (int i = 0; i < 200 && text.indexOf(s) < 0; i++) Thread.sleep(50);
            assertThat(text.toString()).contains(s);
        }
    }

    @Test
    void anInteractiveShellTypesResizesAndExits() throws Exception {
        Screen screen = new Screen();
        try (TerminalConnection t = f.client.terminal().open(id, 24, 80, screen)) {
            t.send("echo hi-$((6*7))\n");
            screen.await("hi-42");
            t.resize(33, 101);
            t.send("stty size\n");
            screen.await("33 101");
            t.send("exit 4\n");
            assertThat(t.exit().get(10, TimeUnit.SECONDS)).isEqualTo(4);
        }
    }

    @Test
    void aStreamedCommandDeliversOutputAndItsExitCode() throws Exception {
        Screen screen = new Screen();
        try (TerminalConnection t = f.client.terminal().stream(id, "for i in 1 2 3; do echo line-$i; done; exit 2", screen)) {
            assertThat(t.exit().get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(screen.text.toString()).contains("line-1").contains("line-3");
        }
    }

    @Test
    void refusalsAreTyped() {
        try (SandbenchClient bad = f.clientWithKey("sk_wrong")) {
            assertThatThrownBy(() -> bad.terminal().open(id, 24, 80, new Screen())).isInstanceOf(AuthenticationException.class);
        }
        assertThatThrownBy(() -> f.client.terminal().open("sbx_nope", 24, 80, new Screen())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.client.terminal().open(id, 0, 80, new Screen())).isInstanceOf(ValidationException.class);
    }
}
