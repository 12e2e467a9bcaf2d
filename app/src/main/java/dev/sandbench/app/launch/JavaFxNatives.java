package dev.sandbench.app.launch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Unpacks JavaFX's native libraries into a directory of the workbench's own before JavaFX starts.
 *
 * <p>Run from a jar, JavaFX unpacks its libraries into the shared {@code ~/.openjfx/cache} on every
 * start. Another JavaFX program (or a second workbench) starting at the same moment can find a file
 * half written there, take it for a stale one and delete it while this one loads it: "Unable to load
 * glass GTK library". Here each library appears only whole (written beside it, then renamed over)
 * in a directory named for this jar's build, and {@code javafx.cachedir} points JavaFX at it; JavaFX
 * then finds every file present with the right checksum and writes nothing.
 */
public final class JavaFxNatives {
    /** Kept so the logger and its level outlive this call (java.util.logging holds loggers weakly). */
    private static Logger javafxLogger;

    private JavaFxNatives() { }

    /** Prepares the libraries and quiets JavaFX's start-up warnings; never fails the start. */
    public static void prepare(Path cacheHome) {
        // "Unsupported JavaFX configuration: classes were loaded from 'unnamed module'": the
        // workbench runs JavaFX from the class path on purpose (JediTermFX cannot be a module).
        javafxLogger = Logger.getLogger("javafx");
        javafxLogger.setLevel(Level.SEVERE);
        if (System.getProperty("javafx.cachedir") != null) return;
        Path jar = jarOf(javafx.application.Platform.class);
        if (jar == null) return; // JavaFX from modules or a linked runtime: its libraries are already files
        try {
            long build = 31L * Files.size(jar) + Files.getLastModifiedTime(jar).toMillis();
            Path dir = cacheHome.resolve("javafx-" + Long.toHexString(build) + "-" + System.getProperty("os.arch"));
            unpack(jar, dir);
            System.setProperty("javafx.cachedir", dir.toString());
        } catch (IOException e) {
            // JavaFX's own cache still works for a workbench that starts alone.
        }
    }

    static void unpack(Path jar, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (JarFile jf = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = jf.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String name = e.getName();
                if (name.contains("/") || !(name.endsWith(".so") || name.endsWith(".dll") || name.endsWith(".dylib"))) continue;
                Path target = dir.resolve(name);
                if (Files.exists(target) && Files.size(target) == e.getSize()) continue;
                Path part = Files.createTempFile(dir, name, ".part");
                try (InputStream in = jf.getInputStream(e)) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(part);
                }
            }
        }
    }

    private static Path jarOf(Class<?> c) {
        try {
            var src = c.getProtectionDomain().getCodeSource();
            if (src == null) return null;
            Path p = Path.of(src.getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
