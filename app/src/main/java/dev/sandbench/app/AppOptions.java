package dev.sandbench.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the workbench was started.
 *
 * @param paths where settings and data live
 * @param smokeTest run the end-to-end check and exit
 * @param throwawayData the data directory is temporary and is deleted on exit
 * @param startupReport print how long the window and the engine took to be ready, then exit (benchmarks)
 * @param open exported sessions to replay once the window is up (the desktop passes the files a
 *             user opens with the workbench)
 */
public record AppOptions(AppPaths paths, boolean smokeTest, boolean throwawayData, boolean startupReport, List<Path> open) {

    public AppOptions {
        open = List.copyOf(open);
    }

    public AppOptions(AppPaths paths, boolean smokeTest, boolean throwawayData) {
        this(paths, smokeTest, throwawayData, false, List.of());
    }

    public static AppOptions parse(String[] args) {
        Path dataDir = null;
        boolean smoke = false;
        boolean report = false;
        List<Path> open = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke-test" -> smoke = true;
                case "--startup-report" -> report = true;
                case "--data-dir" -> {
                    if (i + 1 >= args.length) throw new IllegalArgumentException("--data-dir needs a directory");
                    dataDir = Path.of(args[++i]);
                }
                default -> {
                    if (args[i].startsWith("-")) throw new IllegalArgumentException("unknown option " + args[i]);
                    open.add(Path.of(args[i]));
                }
            }
        }
        if (dataDir != null) return new AppOptions(AppPaths.under(dataDir), smoke, false, report, open);
        AppPaths xdg = AppPaths.xdg();
        if (smoke && !Files.exists(xdg.configDir())) {
            // A fresh HOME: check the installation without leaving anything behind.
            try {
                return new AppOptions(AppPaths.under(Files.createTempDirectory("sandbench-smoke-")), true, true, report, open);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot create a temporary directory: " + e.getMessage());
            }
        }
        return new AppOptions(xdg, smoke, false, report, open);
    }
}
