package dev.sandbench.engine.system;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * Interactive API documentation at {@code /docs}: Swagger UI (from its webjar, served by the engine
 * itself, nothing fetched from the internet) over the engine's own OpenAPI document, with an
 * Authorize button for the API key so every route can be tried from the browser.
 */
public final class ApiDocs {
    public static final String PATH = "/docs";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    /** Only these files of the webjar are served, with their types. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Sandbench engine API</title>
              <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
              <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/assets/swagger-ui-bundle.js"></script>
              <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
              <script src="/docs/assets/init.js"></script>
            </body>
            </html>
            """;

    /** Kept out of the page so the page needs no inline script. */
    private static final String INIT = """
            window.ui = SwaggerUIBundle({
              url: "/v1/openapi.json",
              dom_id: "#swagger-ui",
              deepLinking: true,
              displayRequestDuration: true,
              tryItOutEnabled: false,
              presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
              layout: "BaseLayout"
            });
            """;

    private ApiDocs() {}

    public static void register(HttpApi api) {
        String version = webjarVersion();
        api.publicGet(PATH, Doc.of("Interactive API documentation (Swagger UI over /v1/openapi.json)").tag("docs")
                .responseMediaType("text/html"), ctx -> {
                    ctx.header("Content-Security-Policy", CSP);
                    ctx.contentType("text/html; charset=utf-8").result(PAGE);
                });
        api.publicGet(PATH + "/assets/{file}", Doc.of("A file of the API documentation page").tag("docs")
                .responseMediaType("application/octet-stream"), ctx -> {
                    String file = ctx.pathParam("file");
                    ctx.header("Cache-Control", "public, max-age=86400");
                    if (file.equals("init.js")) {
                        ctx.contentType("text/javascript; charset=utf-8").result(INIT);
                        return;
                    }
                    String type = ASSETS.get(file);
                    InputStream in = type == null ? null
                            : ApiDocs.class.getClassLoader().getResourceAsStream(WEBJAR + version + "/" + file);
                    if (in == null) throw ApiException.notFound("no documentation asset " + file);
                    ctx.contentType(type).result(in);
                });
    }

    private static String webjarVersion() {
        try (InputStream in = ApiDocs.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) throw new IllegalStateException("the swagger-ui webjar is not on the class path");
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
