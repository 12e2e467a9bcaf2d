package dev.sandbench.app.shell;

import dev.sandbench.app.AppOptions;
import dev.sandbench.app.connection.ConnectionProfile;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The JavaFX application: builds the {@link Workbench} and, with --smoke-test, runs the end-to-end check. */
public final class WorkbenchApp extends Application {
    private static volatile AppOptions launchOptions;
    private static volatile CompletableFuture<Workbench> prepared;

    /** Starts JavaFX with these options (blocks until the app exits). */
    public static void launchWith(AppOptions options) {
        launchOptions = options;
        // Settings, keys and the embedded engine load while the JavaFX toolkit starts; the engine
        // keeps booting while the window is built.
        prepared = CompletableFuture.supplyAsync(() -> {
            try {
                Workbench wb = new Workbench(options);
                if (ConnectionProfile.EMBEDDED_ID.equals(wb.settings().lastConnection)) wb.connections().prestartEmbedded();
                return wb;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Application.launch(WorkbenchApp.class);
    }

    @Override
    public void start(Stage stage) throws Exception {
        Workbench wb;
        try {
            // Before the first frame there is no window to freeze; this waits for the files above.
            wb = prepared.get();
        } catch (ExecutionException e) {
            System.err.println("sandbench: cannot start: " + e.getCause().getMessage());
            Platform.exit();
            System.exit(1);
            return;
        }
        Platform.setImplicitExit(false);
        wb.start(stage);
        if (launchOptions.smokeTest()) new SmokeTest(wb).run();
        if (launchOptions.startupReport()) StartupReport.watch(wb);
    }
}
