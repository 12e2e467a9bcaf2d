package dev.sandbench.app.launch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts the workbench in a child JVM that uses an application class-data archive (AppCDS), which
 * takes about a third off the time to a ready window. The first run records the archive when it
 * exits; later runs map it. Runs in-process instead when started from classes (tests, IDE), when
 * {@code SANDBENCH_CDS=off}, or when the JVM already has an archive option.
 */
public final class CdsLauncher {
    private static final String ENV = "SANDBENCH_CDS";

    private CdsLauncher() { }

    /** The child's exit code, or empty when the caller should run in this JVM. */
    public static Optional<Integer> relaunch(String[] args) {
        String mode = System.getenv(ENV);
        if ("off".equals(mode) || "child".equals(mode)) return Optional.empty();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-XX:SharedArchiveFile") || a.startsWith("-XX:ArchiveClassesAtExit") || a.startsWith("-Xshare")) {
                return Optional.empty();
            }
        }
        Path jar;
        try {
            jar = Path.of(CdsLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) return Optional.empty();
        try {
            Path archive = archiveFor(jar);
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            // A new archive is written under a name of this launch's own and renamed into place once
            // the child has exited, so a workbench starting meanwhile never maps a half-written one.
            Path recording = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            boolean record = !Files.exists(archive);
            cmd.add(record ? "-XX:ArchiveClassesAtExit=" + recording : "-XX:SharedArchiveFile=" + archive);
            cmd.add("-Xlog:cds=off");
            cmd.add("-Xlog:cds+dynamic=off");
            cmd.add("-jar");
            cmd.add(jar.toString());
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().put(ENV, "child");
            Process child = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(child::destroy, "sandbench-cds-child"));
            int code = child.waitFor();
            if (record) publish(recording, archive);
            return Optional.of(code);
        } catch (IOException e) {
            return Optional.empty(); // no cache directory: start without an archive
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(130);
        }
    }

    private static void publish(Path recording, Path archive) {
        try {
            if (Files.exists(recording)) {
                Files.move(recording, archive, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(recording); // the next start records again
            } catch (IOException ignored) {
                // a stray temporary file in the cache directory; removed with the next jar build's cleanup
            }
        }
    }

    /** The workbench's cache directory ($XDG_CACHE_HOME/sandbench): class-data archives, JavaFX's libraries. */
    public static Path cacheHome() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getenv("HOME") != null ? System.getenv("HOME") : System.getProperty("user.home");
        return (xdg != null && xdg.startsWith("/") ? Path.of(xdg) : Path.of(home, ".cache")).resolve("sandbench");
    }

    /** One archive per jar build and JVM (an archive only works with the exact classes it was made from). */
    private static Path archiveFor(Path jar) throws IOException {
        Path dir = cacheHome();
        Files.createDirectories(dir);
        // One archive per jar location (the dev build and an installed copy keep theirs), replaced
        // when that jar is rebuilt.
        String where = Integer.toHexString(jar.toAbsolutePath().toString().hashCode());
        long build = 31L * Files.size(jar) + Files.getLastModifiedTime(jar).toMillis();
        build = 31L * build + System.getProperty("java.vm.version").hashCode();
        Path archive = dir.resolve("app-" + where + "-" + Long.toHexString(build) + ".jsa");
        if (!Files.exists(archive)) {
            try (var old = Files.newDirectoryStream(dir, "app-" + where + "-*.jsa*")) {
                for (Path p : old) {
                    // Another build's archive; this build's may be being recorded by a concurrent start.
                    if (!p.getFileName().toString().startsWith(archive.getFileName().toString())) Files.deleteIfExists(p);
                }
            }
        }
        return archive;
    }
}
