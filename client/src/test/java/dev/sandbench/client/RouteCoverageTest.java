package dev.sandbench.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.client.account.AccountClient;
import dev.sandbench.client.exec.ExecClient;
import dev.sandbench.client.files.FilesClient;
import dev.sandbench.client.sandboxes.SandboxesClient;
import dev.sandbench.client.system.SystemClient;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route in the engine's OpenAPI document has a client method, and no client method names a route that is gone. */
class RouteCoverageTest {
    static final List<Class<?>> SUB_CLIENTS = List.of(SystemClient.class, SandboxesClient.class, ExecClient.class,
            FilesClient.class, AccountClient.class, dev.sandbench.client.terminal.TerminalClient.class,
            dev.sandbench.client.code.CodeClient.class, dev.sandbench.client.jobs.JobsClient.class,
            dev.sandbench.client.events.EventsClient.class, dev.sandbench.client.snapshots.SnapshotsClient.class,
            dev.sandbench.client.sessions.SessionsClient.class, dev.sandbench.client.mcp.McpClient.class,
            dev.sandbench.client.alerts.AlertsClient.class, dev.sandbench.client.notifications.NotificationsClient.class);

    /**
     * The engine's own API, which this client is for: not the documentation page (tag {@code docs})
     * nor the other platforms' APIs the engine also speaks (tags {@code compat-*}), which their own SDKs call.
     */
    private static boolean forClients(JsonNode operation) {
        for (JsonNode tag : operation.path("tags")) {
            if (tag.asText().equals("docs") || tag.asText().startsWith("compat")) return false;
        }
        return true;
    }

    @Test
    void everyEngineRouteHasAClientMethod() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            JsonNode doc = f.client.system().openApi();
            Set<String> engine = new TreeSet<>();
            Iterator<String> paths = doc.get("paths").fieldNames();
            while (paths.hasNext()) {
                String path = paths.next();
                doc.get("paths").get(path).fields().forEachRemaining(op -> {
                    if (forClients(op.getValue())) engine.add(op.getKey().toUpperCase() + " " + path);
                });
            }
            Set<String> client = new TreeSet<>();
            List<String> duplicates = new ArrayList<>();
            for (Class<?> c : SUB_CLIENTS) {
                for (Method m : c.getDeclaredMethods()) {
                    ApiRoute r = m.getAnnotation(ApiRoute.class);
                    if (r != null && !client.add(r.value())) duplicates.add(r.value());
                }
            }
            assertThat(duplicates).as("routes claimed by two methods").isEmpty();
            Set<String> missing = new TreeSet<>(engine);
            missing.removeAll(client);
            assertThat(missing).as("engine routes without a client method").isEmpty();
            Set<String> stale = new TreeSet<>(client);
            stale.removeAll(engine);
            assertThat(stale).as("client methods for routes the engine does not serve").isEmpty();
        }
    }
}
