package dev.sandbench.app;

import dev.sandbench.app.explorer.ClientSnippet;
import dev.sandbench.client.sandboxes.NetworkMode;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sandboxes.SandboxStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSnippetTest {
    private static final Sandbox SANDBOX = new Sandbox("sbx_1", SandboxStatus.RUNNING, "python", 1.5, 256, 2, NetworkMode.NONE,
            Instant.now(), null, null, null, "pip install \"requests\"\n", 3600L, "agent \"one\"", null, null,
            Map.of("team", "ml"), "bubblewrap", 64, null, List.of("OPENAI_API_KEY"), null, "http://127.0.0.1:8080/v1/sandboxes/sbx_1/mcp",
            "python", Map.of("python", "3.11.2"));

    @Test
    void theJavaSnippetCompilesAgainstTheClient(@TempDir Path dir) throws Exception {
        String body = ClientSnippet.java(SANDBOX, "http://127.0.0.1:8080");
        String source = """
                import dev.sandbench.client.SandbenchClient;
                import dev.sandbench.client.sandboxes.*;
                import java.time.Duration;
                class Snippet {
                    static void run() {
                %s
                    }
                }
                """.formatted(body);
        Path file = dir.resolve("Snippet.java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, "-d", dir.toString(), "-cp", System.getProperty("java.class.path"), file.toString());
        assertThat(rc).as("javac said: %s", err).isZero();
        assertThat(body).contains(".memoryMb(256)", ".cpus(1.5)", ".timeout(Duration.ofSeconds(3600))",
                ".env(\"OPENAI_API_KEY\", System.getenv(\"OPENAI_API_KEY\"))", ".name(\"agent \\\"one\\\"\")");
    }

    @Test
    void theMcpConfigIsValidJsonWithTheUrlAndABearerHeader() throws Exception {
        var json = dev.sandbench.app.settings.JsonFiles.MAPPER.readTree(ClientSnippet.mcpConfig(SANDBOX));
        var server = json.path("mcpServers").path("sandbench-agent \"one\"");
        assertThat(server.path("url").asText()).isEqualTo("http://127.0.0.1:8080/v1/sandboxes/sbx_1/mcp");
        assertThat(server.path("headers").path("Authorization").asText()).isEqualTo("Bearer ${SANDBENCH_API_KEY}");
        assertThat(json.path("mcpServers").path("sandbench-agent \"one\"-bridge").path("args").toString()).contains("mcp-remote");
    }

    @Test
    void theCurlSnippetCarriesTheSettings() {
        assertThat(ClientSnippet.curl(SANDBOX, "http://h:1")).contains("http://h:1/v1/sandboxes", "\"memory_mb\": 256",
                "\"network_mode\": \"none\"", "\"timeout\": 3600");
    }
}
