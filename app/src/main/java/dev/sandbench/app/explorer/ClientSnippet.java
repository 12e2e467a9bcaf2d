package dev.sandbench.app.explorer;

import dev.sandbench.client.sandboxes.Sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Code that creates a sandbox like a given one, for the user to paste into an agent. */
public final class ClientSnippet {
    private ClientSnippet() { }

    /** Java, with the bundled client. Environment values are not known to the workbench, only keys. */
    public static String java(Sandbox s, String engineUrl) {
        List<String> calls = new ArrayList<>();
        if (s.template() != null) calls.add(".template(" + quote(s.template()) + ")");
        if (s.name() != null && !s.name().isBlank()) calls.add(".name(" + quote(s.name()) + ")");
        if (s.cpus() > 0) calls.add(".cpus(" + trim(s.cpus()) + ")");
        if (s.memoryMb() > 0) calls.add(".memoryMb(" + s.memoryMb() + ")");
        if (s.diskGb() > 0) calls.add(".diskGb(" + trim(s.diskGb()) + ")");
        if (s.networkMode() != null) calls.add(".network(NetworkMode." + s.networkMode().name() + ")");
        if (s.timeoutSeconds() != null && s.timeoutSeconds() > 0) calls.add(".timeout(Duration.ofSeconds(" + s.timeoutSeconds() + "))");
        if (s.pidsLimit() != null) calls.add(".pidsLimit(" + s.pidsLimit() + ")");
        if (s.envKeys() != null) for (String k : s.envKeys()) calls.add(".env(" + quote(k) + ", System.getenv(" + quote(k) + "))");
        if (s.labels() != null) s.labels().forEach((k, v) -> calls.add(".label(" + quote(k) + ", " + quote(v) + ")"));
        if (s.initScript() != null && !s.initScript().isBlank()) calls.add(".initScript(" + quote(s.initScript()) + ")");
        StringBuilder b = new StringBuilder();
        b.append("try (SandbenchClient client = SandbenchClient.connect(")
                .append(quote(engineUrl)).append(", System.getenv(\"SANDBENCH_API_KEY\"))) {\n");
        b.append("    Sandbox sandbox = client.sandboxes().create(CreateSandbox.builder()");
        for (String c : calls) b.append("\n            ").append(c);
        b.append("\n            .build());\n");
        b.append("    System.out.println(client.exec().run(sandbox.id(), \"echo ok\").stdout());\n}\n");
        return b.toString();
    }

    /** The same request with curl, against the compatible REST API. */
    public static String curl(Sandbox s, String engineUrl) {
        List<String> fields = new ArrayList<>();
        if (s.template() != null) fields.add("\"template\": " + quote(s.template()));
        if (s.name() != null && !s.name().isBlank()) fields.add("\"name\": " + quote(s.name()));
        if (s.cpus() > 0) fields.add("\"cpus\": " + trim(s.cpus()));
        if (s.memoryMb() > 0) fields.add("\"memory_mb\": " + s.memoryMb());
        if (s.diskGb() > 0) fields.add("\"disk_gb\": " + trim(s.diskGb()));
        if (s.networkMode() != null) fields.add("\"network_mode\": " + quote(s.networkMode().name().toLowerCase(Locale.ROOT)));
        if (s.timeoutSeconds() != null && s.timeoutSeconds() > 0) fields.add("\"timeout\": " + s.timeoutSeconds());
        return "curl -sS -X POST " + engineUrl + "/v1/sandboxes \\\n  -H \"Authorization: Bearer $SANDBENCH_API_KEY\" \\\n"
                + "  -H 'Content-Type: application/json' \\\n  -d '{" + String.join(", ", fields) + "}'\n";
    }

    /**
     * MCP client configuration for the sandbox's MCP endpoint: the generic URL-and-header form most
     * agent frameworks take, and the {@code mcp-remote} bridge form for desktop assistants that
     * start servers as commands. The key stays a placeholder: secrets do not go to the clipboard.
     */
    public static String mcpConfig(Sandbox s) {
        String name = "sandbench-" + (s.name() == null || s.name().isBlank() ? s.id() : s.name());
        String url = s.mcpUrl();
        return "{\n"
                + "  \"mcpServers\": {\n"
                + "    " + quote(name) + ": {\n"
                + "      \"url\": " + quote(url) + ",\n"
                + "      \"headers\": { \"Authorization\": \"Bearer ${SANDBENCH_API_KEY}\" }\n"
                + "    },\n"
                + "    " + quote(name + "-bridge") + ": {\n"
                + "      \"command\": \"npx\",\n"
                + "      \"args\": [\"mcp-remote\", " + quote(url) + ", \"--header\", \"Authorization: Bearer ${SANDBENCH_API_KEY}\"]\n"
                + "    }\n"
                + "  }\n"
                + "}\n";
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%.1f", d) : Double.toString(d);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
