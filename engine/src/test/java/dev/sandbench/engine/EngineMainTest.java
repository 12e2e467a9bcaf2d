package dev.sandbench.engine;

import dev.sandbench.engine.core.EngineConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineMainTest {
    @Test
    void sessionRetentionHasDefaultsAndFlags() {
        EngineConfig defaults = EngineMain.parse(new String[0]);
        assertThat(defaults.sessionRetention().maxAge()).isEqualTo(Duration.ofDays(30));
        assertThat(defaults.sessionRetention().maxBytes()).isEqualTo(1024L << 20);

        EngineConfig c = EngineMain.parse(new String[]{"--session-retention-days", "7", "--session-retention-mb=0"});
        assertThat(c.sessionRetention().maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(c.sessionRetention().maxBytes()).isZero();
        assertThatThrownBy(() -> EngineMain.parse(new String[]{"--session-retention-days", "-1"}))
                .hasMessageContaining("--session-retention-days must be a number");
    }
}
