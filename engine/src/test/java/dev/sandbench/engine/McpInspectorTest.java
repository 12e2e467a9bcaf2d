package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An MCP client we did not write: the MCP Inspector's CLI mode (from npm, run with npx) lists
 * the tools of a live engine's sandbox and calls one, given only the URL and the header.
 */
class McpInspectorTest {
    /**
     * Pinned so the check does not change under us. The 1.x CLI has no Node.js engine floor of
     * its own, so it also runs on Debian's Node.js 18 (the 2.x line wants Node 22).
     */
    static final String INSPECTOR = System.getProperty("sandbench.inspector", "@modelcontextprotocol/inspector@1.0.3");

    @Test
    void theMcpInspectorCliListsTheToolsAndRunsACommand() throws Exception {
        Path npx = onPath("npx");
        Assumptions.assumeTrue(npx != null, "npx is not installed, so the MCP Inspector check cannot run "
                + "(install Node.js and npm: apt-get install nodejs npm)");
        try (TestEngine engine = new TestEngine()) {
            JsonNode box = engine.client().post("/v1/sandboxes", java.util.Map.of()).json();
            String url = box.get("mcp_url").asText();
            String header = "Authorization: Bearer " + engine.adminKey();

            JsonNode tools = inspector(npx, url, header, "--method", "tools/list");
            List<String> names = new ArrayList<>();
            tools.get("tools").forEach(t -> names.add(t.get("name").asText()));
            assertThat(names).containsExactlyElementsOf(McpTest.TOOLS);

            JsonNode called = inspector(npx, url, header, "--method", "tools/call", "--tool-name", "run_command",
                    "--tool-arg", "command=echo inspector says $((6*7))");
            assertThat(called.get("isError").asBoolean()).isFalse();
            assertThat(called.at("/content/0/text").asText()).startsWith("inspector says 42\n[exit code 0");
        }
    }

    /** Runs the Inspector CLI and parses the JSON it prints (after any npm or deprecation notices). */
    private static JsonNode inspector(Path npx, String url, String header, String... method) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(npx.toString(), "-y", INSPECTOR, "--cli", url, "--transport", "http",
                "--header", header));
        cmd.addAll(List.of(method));
        Path out = Files.createTempFile("inspector-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("npm_config_update_notifier", "false");
            pb.environment().put("npm_config_fund", "false");
            Process p = pb.start();
            // The first run downloads the Inspector from npm.
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("the MCP Inspector did not finish within 5 minutes");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("npx %s exited; output:%n%s", String.join(" ", method), text).isZero();
            int json = text.indexOf("\n{");
            String body = text.startsWith("{") ? text : json < 0 ? "" : text.substring(json + 1);
            assertThat(body).as("no JSON in the Inspector's output:%n%s", text).isNotEmpty();
            return TestEngine.JSON.readTree(body);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
