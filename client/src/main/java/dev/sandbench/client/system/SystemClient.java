package dev.sandbench.client.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.SandbenchException;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.List;

/** Health, capabilities, templates and the API description. */
public final class SystemClient {
    private final EngineHttp http;

    public SystemClient(EngineHttp http) {
        this.http = http;
    }

    /**
     * The engine's health. Unlike other calls this does not throw when the engine answers
     * 503: an unhealthy engine is reported with {@link Health#problem()}.
     */
    @ApiRoute("GET /v1/health")
    public Health health() {
        Request req = new Request.Builder().url(http.url("/v1/health")).get().build();
        try (Response r = http.okHttp().newCall(req).execute()) {
            if (r.code() == 503) {
                SandbenchException e = EngineHttp.failure(r);
                return new Health("unavailable", null, e.problem().detail());
            }
            if (!r.isSuccessful()) throw EngineHttp.failure(r);
            return EngineHttp.MAPPER.readValue(r.body().bytes(), Health.class);
        } catch (IOException e) {
            throw EngineHttp.transport(req, e);
        }
    }

    @ApiRoute("GET /v1/info")
    public EngineInfo info() {
        return http.call(new Request.Builder().url(http.url("/v1/info")).get().build(), EngineInfo.class);
    }

    @ApiRoute("GET /v1/templates")
    public List<Template> templates() {
        return http.call(new Request.Builder().url(http.url("/v1/templates")).get().build(), http.listOf(Template.class));
    }

    /** The engine's OpenAPI 3 document. */
    @ApiRoute("GET /v1/openapi.json")
    public JsonNode openApi() {
        return http.call(new Request.Builder().url(http.url("/v1/openapi.json")).get().build(), JsonNode.class);
    }
}
