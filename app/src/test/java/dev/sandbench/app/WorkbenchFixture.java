package dev.sandbench.app;

import dev.sandbench.app.connection.ConnectionStatus;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.shell.Workbench;
import dev.sandbench.client.SandbenchClient;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The real workbench in a throwaway data directory, with its real embedded engine, shown on the
 * test toolkit's stage; plus a client of that engine acting as "an agent".
 */
final class WorkbenchFixture implements AutoCloseable {
    final Path home;
    final Workbench wb;
    final Stage stage;
    SandbenchClient agent;

    private WorkbenchFixture(Path home, Workbench wb, Stage stage) {
        this.home = home;
        this.wb = wb;
        this.stage = stage;
    }

    static WorkbenchFixture start() throws Exception {
        return start(home -> new AppOptions(AppPaths.under(home), false, true));
    }

    /** As above, with the options made for the throwaway home (to pass files to open, say). */
    static WorkbenchFixture start(java.util.function.Function<Path, AppOptions> optionsFor) throws Exception {
        Path home = Files.createTempDirectory("sandbench-ui-test-");
        AppOptions options = optionsFor.apply(home);
        Stage stage = FxToolkit.registerPrimaryStage();
        Workbench wb = new Workbench(options);
        WorkbenchFixture f = new WorkbenchFixture(home, wb, stage);
        FxToolkit.setupFixture(() -> {
            Platform.setImplicitExit(false);
            wb.start(stage);
        });
        f.waitUntil("the embedded engine is connected", 60, () -> wb.connections().active() != null
                && wb.connections().active().status() == ConnectionStatus.CONNECTED && wb.explorer().loadedProperty().get());
        var c = wb.connections().active();
        f.agent = SandbenchClient.connect(c.profile().url(), Files.readString(options.paths().engineDir().resolve("admin.key")).strip());
        return f;
    }

    /** Waits for a condition evaluated on the FX thread (where the UI state lives). */
    void waitUntil(String what, int seconds, Supplier<Boolean> condition) throws TimeoutException {
        waitUntil(what, seconds, condition, () -> "");
    }

    /** As above; {@code state} describes what the screen showed when it timed out. */
    void waitUntil(String what, int seconds, Supplier<Boolean> condition, Supplier<String> state) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (TimeoutException e) {
            String seen;
            try {
                seen = onFx(state);
            } catch (Exception ex) {
                seen = "(could not read the state: " + ex + ")";
            }
            Path shot = screenshot(what);
            throw new TimeoutException("timed out waiting until " + what + (seen.isEmpty() ? "" : "; saw:\n" + seen)
                    + (shot == null ? "" : "\nscreenshot: " + shot));
        }
    }

    /** The window as it looks now, in target/ui-screenshots (for a failing test's report). */
    Path screenshot(String what) {
        try {
            javafx.scene.image.WritableImage img = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(10, TimeUnit.SECONDS);
            Path dir = Files.createDirectories(Path.of("target", "ui-screenshots"));
            Path file = dir.resolve(what.replaceAll("[^A-Za-z0-9]+", "-") + ".png");
            java.awt.image.BufferedImage out = new java.awt.image.BufferedImage((int) img.getWidth(), (int) img.getHeight(),
                    java.awt.image.BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < out.getHeight(); y++) {
                for (int x = 0; x < out.getWidth(); x++) out.setRGB(x, y, img.getPixelReader().getArgb(x, y));
            }
            javax.imageio.ImageIO.write(out, "png", file.toFile());
            return file.toAbsolutePath();
        } catch (Exception e) {
            return null;
        }
    }

    static <T> T onFx(Supplier<T> s) throws Exception {
        return WaitForAsyncUtils.asyncFx(s::get).get(10, TimeUnit.SECONDS);
    }

    SandboxItem item(String nameOrId) throws Exception {
        return onFx(() -> wb.explorer().items().stream()
                .filter(i -> nameOrId.equals(i.sandbox().name()) || nameOrId.equals(i.id())).findFirst().orElse(null));
    }

    @Override
    public void close() throws Exception {
        if (agent != null) agent.close();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            stage.hide();
            wb.shutdown(done::countDown);
        });
        done.await(30, TimeUnit.SECONDS);
        try (Stream<Path> walk = Files.walk(home)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
