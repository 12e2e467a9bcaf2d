package dev.sandbench.app.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What stops the workbench's window from opening on this machine, said in one line with the fix,
 * before JavaFX starts (JavaFX itself answers a missing display or GTK with a stack trace).
 */
public final class DesktopCheck {
    /** Where Debian, Ubuntu, Fedora and Arch keep GTK 3. */
    private static final List<String> LIB_DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib64", "/lib");
    static final String GTK = "libgtk-3.so.0";

    private DesktopCheck() { }

    /** This machine's answer (nothing to say off Linux, or when JavaFX runs without a window system). */
    public static Optional<String> problem() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) return Optional.empty();
        if ("Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))) return Optional.empty();
        return problem(System.getenv(), p -> Files.exists(p), DesktopCheck::ldconfigLists);
    }

    static Optional<String> problem(Map<String, String> env, Predicate<Path> exists, Supplier<String> ldconfig) {
        String display = env.get("DISPLAY");
        if (display == null || display.isBlank()) {
            String why = env.get("WAYLAND_DISPLAY") != null
                    ? "only Wayland is running and JavaFX needs X11 (XWayland): enable XWayland, or"
                    : "DISPLAY is not set (no desktop session here):";
            return Optional.of("no display: " + why + " run it in a desktop session, or headless under Xvfb "
                    + "(sudo apt-get install xvfb, then xvfb-run -a <the same command>); the engine alone needs no "
                    + "display (--engine)");
        }
        boolean gtk = LIB_DIRS.stream().anyMatch(d -> exists.test(Path.of(d, GTK))) || ldconfig.get().contains(GTK);
        if (!gtk) {
            return Optional.of("GTK 3 is missing (" + GTK + "), which the workbench's window needs: "
                    + "sudo apt-get install libgtk-3-0 (Fedora: sudo dnf install gtk3)");
        }
        return Optional.empty();
    }

    /** The one line for a window that JavaFX could not open although the checks above passed. */
    public static String describeLaunchFailure(Throwable t, Map<String, String> env) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("Unable to open DISPLAY")) {
                return "cannot open the display " + env.getOrDefault("DISPLAY", "") + ": no X server answers there "
                        + "(is the desktop session running, and may this user connect to it? try xhost, or run under "
                        + "xvfb-run -a)";
            }
            if (m.contains("GTK") || m.contains("libgtk")) {
                return "JavaFX could not load GTK 3 (" + m + "): sudo apt-get install libgtk-3-0";
            }
            if (m.contains("no suitable pipeline")) {
                return "JavaFX found no way to draw (" + m + "): sudo apt-get install libgl1, or start with "
                        + "-Dprism.order=sw";
            }
        }
        return "the window could not open: " + t;
    }

    private static String ldconfigLists() {
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (!Files.isExecutable(Path.of(ldconfig))) continue;
            try {
                Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                byte[] out = p.getInputStream().readAllBytes();
                p.waitFor(5, TimeUnit.SECONDS);
                return new String(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
        return "";
    }
}
