package dev.sandbench.app;

import dev.sandbench.app.launch.CdsLauncher;
import dev.sandbench.app.launch.DesktopCheck;
import dev.sandbench.app.launch.JavaFxNatives;
import dev.sandbench.app.shell.WorkbenchApp;
import dev.sandbench.engine.EngineMain;
import javafx.application.Application;

import java.util.Arrays;

/**
 * The one executable: the workbench by default, the engine headless with {@code --engine}
 * (or {@code engine}) followed by the engine's own options, and {@code --smoke-test} to check an
 * installation end to end. Not an {@link Application} itself, so JavaFX can start from the class path.
 */
public final class Main {
    private Main() { }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--engine") || args[0].equals("engine"))) {
            EngineMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println("""
                    Usage: sandbench [--data-dir DIR] [--smoke-test] [FILE...]
                           sandbench --engine [engine options, see --engine --help]

                      (no options)   open the workbench with an embedded engine on loopback
                      FILE...        also replay these exported sessions (NAME.sandbench-session.json)
                      --data-dir DIR keep settings, keys and the embedded engine's data in DIR
                      --smoke-test   open the window, create a sandbox, run `echo ok` in it,
                                     destroy it and exit 0 (non-zero with the reason otherwise)
                      --startup-report  print the time to a ready window (ms since JVM start), exit
                      --engine ...   run the engine headless, for a server
                    """);
            return;
        }
        AppOptions options;
        try {
            options = AppOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sandbench: " + e.getMessage() + " (try --help)");
            System.exit(2);
            return;
        }
        var problem = DesktopCheck.problem();
        if (problem.isPresent()) {
            System.err.println("sandbench: " + problem.get());
            System.exit(3);
            return;
        }
        var child = CdsLauncher.relaunch(args);
        if (child.isPresent()) {
            System.exit(child.get());
            return;
        }
        JavaFxNatives.prepare(CdsLauncher.cacheHome());
        try {
            WorkbenchApp.launchWith(options);
        } catch (RuntimeException | Error e) {
            System.err.println("sandbench: " + DesktopCheck.describeLaunchFailure(e, System.getenv()));
            System.exit(3);
        }
    }
}
