package dev.sandbench.engine;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiTest {
    @Test
    void theDocumentIsValidOpenApi3AndCoversEveryRoute() throws Exception {
        try (TestEngine engine = new TestEngine()) {
            TestEngine.Res r = engine.client().get("/v1/openapi.json");
            assertThat(r.status()).isEqualTo(200);
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body());
            assertThat(parsed.getMessages()).isEmpty();
            assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/v1/sandboxes", "/v1/sandboxes/{id}/exec",
                    "/v1/sandboxes/{id}/files", "/v1/health", "/v1/account/keys");
            int documented = parsed.getOpenAPI().getPaths().values().stream()
                    .mapToInt(p -> p.readOperations().size()).sum();
            assertThat(documented).isEqualTo(engine.engine().routes().size());
            // Every documented route answers something other than "no such route".
            for (String op : engine.engine().routes()) {
                String[] mp = op.split(" ", 2);
                if (mp[1].equals("/v1/events/stream")) continue; // an endless stream; InteractiveExecTest covers it
                String path = mp[1].replaceAll("\\{[a-z_]+\\}", "x_none");
                TestEngine.Res res = engine.client().send(mp[0], path, mp[0].equals("GET") || mp[0].equals("DELETE")
                        ? null : "{}", mp[0].equals("GET") || mp[0].equals("DELETE") ? null : "application/json");
                assertThat(res.status()).as(op + " -> " + res.body()).isNotEqualTo(405).isLessThan(500);
                if (res.status() == 404) {
                    assertThat(res.body()).as(op).doesNotContain("no route").doesNotContain("Endpoint");
                }
            }
        }
    }
}
