package dev.sandbench.app.launch;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DesktopCheckTest {
    private static final Path GTK = Path.of("/usr/lib/x86_64-linux-gnu", DesktopCheck.GTK);

    @Test
    void noDisplayIsOneLineWithTheFix() {
        var p = DesktopCheck.problem(Map.of(), GTK::equals, () -> "");
        assertThat(p).hasValueSatisfying(s -> assertThat(s).startsWith("no display").contains("xvfb-run").doesNotContain("\n"));
    }

    @Test
    void onlyWaylandSaysXWaylandIsNeeded() {
        assertThat(DesktopCheck.problem(Map.of("WAYLAND_DISPLAY", "wayland-0"), GTK::equals, () -> ""))
                .hasValueSatisfying(s -> assertThat(s).contains("XWayland"));
    }

    @Test
    void missingGtkNamesThePackage() {
        var p = DesktopCheck.problem(Map.of("DISPLAY", ":0"), path -> false, () -> "\tlibc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6\n");
        assertThat(p).hasValueSatisfying(s -> assertThat(s).startsWith("GTK 3 is missing").contains("sudo apt-get install libgtk-3-0"));
    }

    @Test
    void gtkFoundByTheLinkerCacheIsEnough() {
        assertThat(DesktopCheck.problem(Map.of("DISPLAY", ":0"), path -> false,
                () -> "\tlibgtk-3.so.0 (libc6,x86-64) => /opt/gtk/lib/libgtk-3.so.0\n")).isEmpty();
        assertThat(DesktopCheck.problem(Map.of("DISPLAY", ":0"), GTK::equals, () -> "")).isEmpty();
    }

    @Test
    void aDisplayThatDoesNotAnswerIsNamed() {
        String line = DesktopCheck.describeLaunchFailure(new RuntimeException("launch",
                new UnsupportedOperationException("Unable to open DISPLAY")), Map.of("DISPLAY", ":77"));
        assertThat(line).startsWith("cannot open the display :77").doesNotContain("\n");
    }
}
