package dev.sandbench.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppOptionsTest {
    @TempDir
    Path dir;

    @Test
    void theFilesTheDesktopPassesAreOpenedBesideTheOptions() {
        AppOptions o = AppOptions.parse(new String[]{"run.sandbench-session.json", "--data-dir", dir.toString(), "/tmp/old export.json"});
        assertThat(o.open()).containsExactly(Path.of("run.sandbench-session.json"), Path.of("/tmp/old export.json"));
        assertThat(o.paths().configDir()).startsWithRaw(dir);
        assertThat(AppOptions.parse(new String[]{"--data-dir", dir.toString()}).open()).isEmpty();
    }

    @Test
    void anUnknownOptionIsStillRefusedRatherThanOpenedAsAFile() {
        assertThatThrownBy(() -> AppOptions.parse(new String[]{"--data-dir", dir.toString(), "--smoke"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --smoke");
    }
}
