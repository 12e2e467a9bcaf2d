package dev.sandbench.app.shell;

import dev.sandbench.app.AppOptions;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX application: builds the {@link Workbench} and, with --smoke-test, runs the end-to-end check. */
public final class WorkbenchApp extends Application {
    private static volatile AppOptions launchOptions;
    private static volatile Workbench prepared;

    /** Starts JavaFX with these options (blocks until the app exits). */
    public static void launchWith(AppOptions options) throws Exception {
        launchOptions = options;
        // Settings are read before the toolkit starts, so the FX thread never touches the disk for them.
        prepared = new Workbench(options);
        Application.launch(WorkbenchApp.class);
    }

    @Override
    public void start(Stage stage) {
        Workbench wb = prepared;
        Platform.setImplicitExit(false);
        wb.start(stage);
        if (launchOptions.smokeTest()) new SmokeTest(wb).run();
    }
}
