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

    @Test
    void theInteractiveDocsServeSwaggerUiOverTheDocumentWithoutAKey() throws Exception {
        try (TestEngine engine = new TestEngine()) {
            TestEngine.Client anonymous = engine.client(null);
            TestEngine.Res page = anonymous.send("GET", "/docs", null, null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.body()).contains("swagger-ui-bundle.js").doesNotContain("<script>");
            assertThat(page.raw().headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    v -> assertThat(v).contains("script-src 'self'"));
            TestEngine.Res bundle = anonymous.send("GET", "/docs/assets/swagger-ui-bundle.js", null, null);
            assertThat(bundle.status()).isEqualTo(200);
            assertThat(bundle.body().length()).isGreaterThan(100_000);
            assertThat(anonymous.send("GET", "/docs/assets/init.js", null, null).body()).contains("/v1/openapi.json");
            assertThat(anonymous.send("GET", "/v1/openapi.json", null, null).status()).isEqualTo(200);
            for (String bad : new String[] {"index.html", "..%2Fpom.properties", "swagger-ui.js"}) {
                TestEngine.Res r = anonymous.send("GET", "/docs/assets/" + bad, null, null);
                assertThat(r.status()).as(bad).isEqualTo(404);
                assertThat(r.contentType()).as(bad).startsWith("application/problem+json");
            }
        }
    }
}
