package dev.sandbench.app;

import dev.sandbench.app.replay.ReplayModel;
import dev.sandbench.resources.Assets;
import javafx.scene.image.Image;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.sandbench.app.WorkbenchFixture.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/** What the desktop sees of the workbench: its window icon, and a session file opened with it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DesktopIntegrationUiTest {
    private static final String EXPORT = """
            {"format": "sandbench-session/1",
             "session": {"id": "ses_from_desktop", "sandbox_id": "sbx_gone", "status": "ended", "event_count": 2},
             "events": [
               {"id": "ev_2", "session_id": "ses_from_desktop", "type": "command", "timestamp": "2026-12-04T10:00:05Z",
                "data": {"command": "python3 test.py", "exit_code": 0}},
               {"id": "ev_1", "session_id": "ses_from_desktop", "type": "command", "timestamp": "2026-12-04T10:00:00Z",
                "data": {"command": "ls", "exit_code": 0}}]}
            """;
    private WorkbenchFixture f;
    private Path export;

    @BeforeAll
    void start() throws Exception {
        // As the desktop entry's Exec=... %F starts it when a user opens an exported session.
        f = WorkbenchFixture.start(home -> {
            try {
                export = Files.writeString(Files.createDirectories(home.resolve("Downloads")).resolve("run" + Assets.SESSION_FILE_SUFFIX), EXPORT);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return AppOptions.parse(new String[]{"--data-dir", home.toString(), export.toString()});
        });
    }

    @AfterAll
    void stop() throws Exception {
        f.close();
    }

    @Test
    void aSessionFileGivenOnTheCommandLineOpensAsAnOfflineReplay() throws Exception {
        f.waitUntil("the exported session is replayed", 20, () -> f.wb.window().replays().selected() != null
                && f.wb.window().replays().selected().viewModel().model().size() == 2);
        ReplayModel replay = onFx(() -> f.wb.window().replays().selected().viewModel().model());
        assertThat(replay.session().id()).isEqualTo("ses_from_desktop");
        assertThat(replay.event(0).id()).as("events in time order").isEqualTo("ev_1");
    }

    @Test
    void theWindowCarriesTheApplicationIconInTheSizesAWindowManagerPicksFrom() throws Exception {
        f.waitUntil("the window has its icons", 10, () -> !f.stage.getIcons().isEmpty());
        List<Double> widths = onFx(() -> f.stage.getIcons().stream().map(Image::getWidth).toList());
        assertThat(widths).containsExactly(16.0, 22.0, 24.0, 32.0, 48.0, 64.0, 128.0, 256.0);
        assertThat(onFx(() -> f.stage.getIcons().stream().noneMatch(Image::isError))).isTrue();
    }
}
