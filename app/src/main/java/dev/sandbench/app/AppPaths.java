package dev.sandbench.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the workbench keeps its settings and keys (config, private to the user) and where the
 * embedded engine keeps its state.
 */
public record AppPaths(Path configDir, Path dataDir, Path engineDir) {

    /** The XDG base directories ($XDG_CONFIG_HOME/sandbench, $XDG_DATA_HOME/sandbench). */
    public static AppPaths xdg() {
        // $HOME first, as the XDG spec says (Java's user.home comes from the password database).
        String envHome = System.getenv("HOME");
        Path home = Path.of(envHome != null && envHome.startsWith("/") ? envHome : System.getProperty("user.home"));
        Path data = base("XDG_DATA_HOME", home.resolve(".local/share")).resolve("sandbench");
        // As root the engine runs each sandbox as its own uid, which cannot enter root's private
        // home; the engine's own default for root is the system location.
        Path engine = isRoot() ? Path.of("/var/lib/sandbench/engine") : data.resolve("engine");
        return new AppPaths(base("XDG_CONFIG_HOME", home.resolve(".config")).resolve("sandbench"), data, engine);
    }

    /** Everything under one directory (tests, --data-dir, a throwaway smoke test). */
    public static AppPaths under(Path root) {
        Path abs = root.toAbsolutePath();
        return new AppPaths(abs.resolve("config"), abs.resolve("data"), abs.resolve("data").resolve("engine"));
    }

    private static Path base(String variable, Path fallback) {
        String v = System.getenv(variable);
        return v == null || v.isBlank() || !Path.of(v).isAbsolute() ? fallback : Path.of(v);
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Creates the directories: config readable by the user only (it holds API keys); the path to
     * the engine's directory enterable (not listable) by others, which root's sandboxes need.
     */
    public AppPaths create() throws IOException {
        Files.createDirectories(configDir);
        chmod(configDir, "rwx------");
        Files.createDirectories(engineDir);
        if (isRoot()) {
            for (Path p = engineDir.getParent(); p != null && !p.equals(p.getRoot()); p = p.getParent()) {
                if (p.startsWith(dataDir.getParent()) || p.startsWith(Path.of("/var/lib/sandbench"))) {
                    var perms = Files.getPosixFilePermissions(p);
                    perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(p, perms);
                }
            }
        }
        return this;
    }

    private static void chmod(Path p, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }
}
