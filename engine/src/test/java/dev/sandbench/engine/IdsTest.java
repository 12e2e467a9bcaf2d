package dev.sandbench.engine;

import dev.sandbench.engine.core.Ids;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {
    @Test
    void timestampsSortAsTextInTheOrderOfTheirInstants() {
        assertThat(Ids.timestamp(Instant.parse("2026-12-04T16:50:05Z"))).isEqualTo("2026-12-04T16:50:05.000Z");
        assertThat(Ids.timestamp(Instant.parse("2026-12-04T16:50:05.123456Z"))).isEqualTo("2026-12-04T16:50:05.123Z");
        // A whole second between two events of the same second: the store orders events by this text.
        List<String> texts = new ArrayList<>();
        for (String t : List.of("2026-12-04T16:50:04.999Z", "2026-12-04T16:50:05Z", "2026-12-04T16:50:05.001Z",
                "2026-12-04T16:50:05.250Z", "2026-12-04T16:50:06Z")) {
            texts.add(Ids.timestamp(Instant.parse(t)));
        }
        assertThat(texts).isSorted();
        texts.forEach(t -> assertThat(Instant.parse(t)).isNotNull());
    }
}
