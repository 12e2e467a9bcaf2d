package dev.sandbench.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An engine run by an ordinary user, started from a root test JVM: the test classpath is copied
 * to a directory that user owns (the build directory under /root is not reachable), and the
 * engine is started with setpriv as that uid, with its own home and data directory.
 */
public final class UserEngine {
    /** The ordinary user .ci/run creates ({@code sbtest}), or a uid no account has where it does not exist. */
    public static final int UID = uidOf("sbtest", 64_123);
    private static Path lib;
    private static String classpath;

    private UserEngine() {}

    private static int uidOf(String user, int otherwise) {
        try {
            Process p = new ProcessBuilder("id", "-u", user).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 && out.matches("\\d+") ? Integer.parseInt(out) : otherwise;
        } catch (IOException e) {
            return otherwise;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return otherwise;
        }
    }

    /** Starts an engine as {@link #UID}; the returned engine's data dir lives in a home that close() does not delete. */
    public static ChildEngine start(Map<String, String> env) throws IOException {
        String cp = sharedClasspath();
        Path home = Files.createTempDirectory("sandbench-user-");
        Path data = Files.createDirectories(home.resolve("data"));
        chownTree(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        List<String> cmd = List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--",
                ChildEngine.java(), "-Duser.home=" + home, "-cp", cp,
                "dev.sandbench.engine.EngineMain", "--port", "0", "--data-dir", data.toString());
        Map<String, String> all = new HashMap<>(env);
        all.put("HOME", home.toString());
        return ChildEngine.start(cmd, all, data);
    }

    /** The home directory of an engine started here (the data dir's parent), for cleaning up. */
    public static Path home(ChildEngine engine) {
        return engine.dataDir().getParent();
    }

    private static synchronized String sharedClasspath() throws IOException {
        if (classpath != null) return classpath;
        lib = Files.createTempDirectory("sandbench-user-lib-");
        List<String> cp = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(entry);
            if (Files.isRegularFile(src)) {
                Path dst = lib.resolve((n++) + "-" + src.getFileName());
                Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
                cp.add(dst.toString());
            } else if (Files.isDirectory(src) && src.endsWith("classes")) {
                Path dst = lib.resolve((n++) + "-classes");
                copyTree(src, dst);
                cp.add(dst.toString());
            }
        }
        // Readable by the user, writable by nobody but root; removed when this JVM ends.
        try (var walk = Files.walk(lib)) {
            for (Path p : walk.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Path cleanup = lib;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TestEngine.deleteTree(cleanup), "user-engine-lib-cleanup"));
        classpath = String.join(File.pathSeparator, cp);
        return classpath;
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        try (var walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void chownTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                Files.setAttribute(p, "unix:uid", UID);
                Files.setAttribute(p, "unix:gid", UID);
            }
        }
    }
}
