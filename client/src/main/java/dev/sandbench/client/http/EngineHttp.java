package dev.sandbench.client.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sandbench.client.AuthenticationException;
import dev.sandbench.client.ConflictException;
import dev.sandbench.client.EngineException;
import dev.sandbench.client.EngineUnavailableException;
import dev.sandbench.client.NotFoundException;
import dev.sandbench.client.PermissionDeniedException;
import dev.sandbench.client.Problem;
import dev.sandbench.client.RateLimitedException;
import dev.sandbench.client.SandbenchException;
import dev.sandbench.client.SandbenchTimeoutException;
import dev.sandbench.client.TransportException;
import dev.sandbench.client.ValidationException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * The client's one HTTP path: authentication, JSON, timeouts, retries of idempotent calls, and
 * the mapping of every failure to a typed exception. Thread-safe; shared by all sub-clients.
 * Not part of the public API.
 */
public final class EngineHttp {
    public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private final HttpUrl base;
    private final OkHttpClient http;

    public EngineHttp(HttpUrl base, OkHttpClient http) {
        this.base = base;
        this.http = http;
    }

    public OkHttpClient okHttp() {
        return http;
    }

    /** An OkHttp client for calls that need other timeouts; shares connections and threads. */
    public OkHttpClient withTimeouts(Duration call, Duration read) {
        return http.newBuilder().callTimeout(call).readTimeout(read).build();
    }

    /** Builds a URL from path segments (each encoded) and query pairs (null values skipped). */
    public HttpUrl url(String path, Object... query) {
        HttpUrl.Builder b = base.newBuilder();
        for (String seg : path.split("/")) {
            if (!seg.isEmpty()) b.addPathSegment(seg);
        }
        for (int i = 0; i + 1 < query.length; i += 2) {
            if (query[i + 1] != null) b.addQueryParameter(query[i].toString(), query[i + 1].toString());
        }
        return b.build();
    }

    /** Encodes one path segment value, such as an id, for use in {@link #url}. */
    public static String seg(String value) {
        if (value == null || value.isEmpty() || value.contains("/")) {
            throw new IllegalArgumentException("not a valid id: '" + value + "'");
        }
        return value;
    }

    public RequestBody json(Object body) {
        try {
            return RequestBody.create(MAPPER.writeValueAsBytes(body == null ? Map.of() : body), JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + body, e);
        }
    }

    public <T> T call(Request request, Class<T> type) {
        return call(http, request, MAPPER.constructType(type));
    }

    /** Executes a call whose response body does not matter. */
    public void send(Request request) {
        call(http, request, null);
    }

    public <T> T call(Request request, JavaType type) {
        return call(http, request, type);
    }

    /** Executes a JSON call; {@code type} null means no body is expected. */
    public <T> T call(OkHttpClient client, Request request, JavaType type) {
        try (Response r = execute(client.newCall(request))) {
            if (type == null || r.code() == 204) return null;
            ResponseBody body = r.body();
            return MAPPER.readValue(body.bytes(), type);
        } catch (IOException e) {
            throw transport(request, e);
        }
    }

    public JavaType listOf(Class<?> element) {
        return MAPPER.getTypeFactory().constructCollectionType(java.util.List.class, element);
    }

    public JavaType type(Class<?> c) {
        return MAPPER.constructType(c);
    }

    /** Executes a call and returns the response when successful (the caller closes it); throws the typed failure otherwise. */
    public Response execute(Call call) {
        Response r;
        try {
            r = call.execute();
        } catch (IOException e) {
            throw transport(call.request(), e);
        }
        if (r.isSuccessful()) return r;
        try (r) {
            throw failure(r);
        }
    }

    public static SandbenchException transport(Request request, IOException e) {
        String what = request.method() + " " + request.url().encodedPath();
        if (e instanceof SocketTimeoutException || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
            return new SandbenchTimeoutException(what + " timed out", e);
        }
        return new TransportException(what + " failed: " + e.getMessage(), e);
    }

    /** Maps an unsuccessful response to its exception, with the engine's problem detail. */
    public static SandbenchException failure(Response r) {
        Problem p = problem(r);
        String msg = r.request().method() + " " + r.request().url().encodedPath() + ": " + p.detail();
        return switch (r.code()) {
            case 401 -> new AuthenticationException(msg, p);
            case 403 -> new PermissionDeniedException(msg, p);
            case 404, 410 -> new NotFoundException(msg, p);
            case 409 -> new ConflictException(msg, p);
            case 408 -> new SandbenchTimeoutException(msg, null);
            case 429 -> new RateLimitedException(msg, p, retryAfter(r.header("Retry-After")));
            case 502, 503, 504 -> new EngineUnavailableException(msg, p);
            default -> r.code() >= 500 ? new EngineException(msg, p) : new ValidationException(msg, p);
        };
    }

    private static Problem problem(Response r) {
        String title = r.message() == null || r.message().isEmpty() ? "HTTP " + r.code() : r.message();
        String detail = title;
        try {
            ResponseBody body = r.body();
            String text = body == null ? "" : body.string();
            if (!text.isBlank()) {
                try {
                    JsonNode n = MAPPER.readTree(text);
                    if (n.hasNonNull("title")) title = n.get("title").asText();
                    detail = n.hasNonNull("detail") ? n.get("detail").asText() : text;
                } catch (JsonProcessingException notJson) {
                    detail = text.length() > 500 ? text.substring(0, 500) : text;
                }
            }
        } catch (IOException ignored) {
            // keep the status line
        }
        return new Problem(r.code(), title, detail);
    }

    static Duration retryAfter(String header) {
        if (header == null) return null;
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
