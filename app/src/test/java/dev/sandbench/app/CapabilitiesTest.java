package dev.sandbench.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.app.connection.Capabilities;
import dev.sandbench.app.connection.Feature;
import dev.sandbench.app.settings.JsonFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CapabilitiesTest {
    @Test
    void aCompatibleServerWithoutTheEnginesOwnRoutesHasThoseFeaturesHidden() throws Exception {
        JsonNode doc = JsonFiles.MAPPER.readTree("""
                {"paths": {"/v1/sandboxes": {}, "/v1/sandboxes/{sandbox_id}": {},
                           "/v1/sandboxes/{sandbox_id}/terminal": {}, "/v1/sandboxes/{id}/stats": {}}}""");
        Capabilities c = Capabilities.fromOpenApi(doc);
        assertThat(c.has(Feature.TERMINAL)).isTrue();
        assertThat(c.has(Feature.STATS)).isTrue();
        assertThat(c.missing()).containsExactlyInAnyOrder(Feature.LIVE_EVENTS, Feature.SNAPSHOTS, Feature.SESSIONS, Feature.PORTS,
                Feature.EGRESS);
        assertThat(Feature.LIVE_EVENTS.whyMissing()).contains("refreshes");
    }

    @Test
    void withoutADocumentFeaturesAreAssumedUntilARouteIsMissing() {
        Capabilities c = Capabilities.all();
        assertThat(c.missing()).isEmpty();
        c.markMissing(Feature.LIVE_EVENTS);
        assertThat(c.has(Feature.LIVE_EVENTS)).isFalse();
        assertThat(c.fromDocument()).isFalse();
    }
}
