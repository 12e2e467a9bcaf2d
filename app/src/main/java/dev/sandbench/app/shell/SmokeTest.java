package dev.sandbench.app.shell;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.connection.ConnectionStatus;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.client.SandbenchClient;
import dev.sandbench.client.exec.ExecResult;
import dev.sandbench.client.sandboxes.CreateSandbox;
import javafx.animation.PauseTransition;
import javafx.util.Duration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code --smoke-test}: with the window open and the embedded engine started, create a sandbox
 * through the explorer, run {@code echo ok} in it, destroy it, close, and exit 0; any failure
 * exits non-zero with the reason on stderr.
 */
final class SmokeTest {
    private static final double TIMEOUT_SECONDS = 120;
    private final Workbench wb;
    private boolean finished;

    SmokeTest(Workbench wb) {
        this.wb = wb;
    }

    void run() {
        PauseTransition timeout = new PauseTransition(Duration.seconds(TIMEOUT_SECONDS));
        timeout.setOnFinished(e -> fail("timed out after " + (int) TIMEOUT_SECONDS + " s (connection: "
                + (wb.connections().active() == null ? "none" : wb.connections().active().status().label()) + ")"));
        timeout.play();
        wb.connections().activeStatusProperty().addListener((o, a, b) -> check());
        wb.connections().activeProperty().addListener((o, a, b) -> check());
        check();
    }

    private void check() {
        Connection c = wb.connections().active();
        if (finished || c == null) return;
        if (c.status() == ConnectionStatus.FAILED) {
            fail(c.detailProperty().get());
            return;
        }
        if (c.status() != ConnectionStatus.CONNECTED) return;
        if (c.engineProblemProperty().get() != null) {
            fail("sandboxes cannot start: " + c.engineProblemProperty().get());
            return;
        }
        finished = true;
        say("window open, engine " + c.profile().url() + " connected");
        wb.explorer().create(CreateSandbox.builder().name("smoke-test").build(), sandbox -> {
            say("created " + sandbox.id());
            SandbenchClient client = c.client();
            wb.ui().run("echo ok", () -> client.exec().run(sandbox.id(), "echo ok"), (ExecResult r) -> {
                if (r.exitCode() != 0 || !r.stdout().strip().equals("ok")) {
                    fail("echo ok printed " + r.stdout().strip() + " (exit " + r.exitCode() + ", stderr " + r.stderr().strip() + ")");
                    return;
                }
                say("echo ok -> " + r.stdout().strip());
                wb.ui().run("destroy", () -> {
                    client.sandboxes().destroy(sandbox.id());
                    return null;
                }, ok -> {
                    say("destroyed " + sandbox.id());
                    exit(0);
                }, e -> fail("destroy failed: " + Notifier.describe(e)));
            }, e -> fail("exec failed: " + Notifier.describe(e)));
        }, e -> fail("create failed: " + Notifier.describe(e)));
    }

    private static void say(String s) {
        System.out.println("smoke-test: " + s);
    }

    private void fail(String why) {
        finished = true;
        System.err.println("smoke-test FAILED: " + why);
        exit(1);
    }

    private void exit(int code) {
        wb.window().stage().hide();
        wb.shutdown(() -> {
            if (wb.options().throwawayData()) deleteTree(wb.options().paths().configDir().getParent());
            if (code == 0) say("passed");
            System.exit(code);
        });
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans up what is left
        }
    }
}
