package dev.sandbench.engine.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The engine's HTTP surface: Javalin with problem+json errors, bearer authentication, and
 * every route registered together with its OpenAPI documentation.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** JSON request bodies are small; files travel through the streaming routes. */
    public static final long MAX_JSON_BODY = 16L * 1024 * 1024;

    /** A handler that runs only for an authenticated caller. */
    @FunctionalInterface
    public interface Handler {
        void handle(Context ctx, Principal principal) throws Exception;
    }

    /** A request attribute: the error shape of the route that took the request. */
    private static final String SHAPE = "sandbench.errorShape";
    /** A request attribute: a registered route took the request (so a 404 is the route's, not "no such route"). */
    private static final String MATCHED = "sandbench.matched";
    private static final String ANSWERED = "sandbench.errorAnswered";

    /** Lets another API answer some requests of an engine route: true when it answered. */
    @FunctionalInterface
    public interface Interceptor {
        boolean handled(Context ctx) throws Exception;
    }

    private record PrefixShape(String prefix, java.util.function.Function<Context, ErrorShape> choose) {}

    private final Javalin app;
    private final OpenApi openApi;
    private final java.util.List<PrefixShape> prefixShapes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, java.util.List<Interceptor>> interceptors = new java.util.concurrent.ConcurrentHashMap<>();
    private final Authenticator authenticator;
    private final RateLimiter limiter;
    /** Servlet filters for routes that a servlet serves rather than a Javalin handler (MCP over Streamable HTTP). */
    private final java.util.List<java.util.function.Consumer<org.eclipse.jetty.servlet.ServletContextHandler>> servletSetup =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public HttpApi(String version, Authenticator authenticator, RateLimiter limiter) {
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.openApi = new OpenApi(version);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.maxRequestSize = MAX_JSON_BODY;
            config.http.prefer405over404 = true;
            config.http.defaultContentType = "application/json";
            config.useVirtualThreads = false;
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(2_000);
                if (server.getThreadPool() instanceof org.eclipse.jetty.util.thread.QueuedThreadPool pool) {
                    // Threads grown for a burst go back within a minute of idleness (Jetty's default
                    // gives back one thread a minute, so 50 clients' threads stayed for most of an hour).
                    pool.setIdleTimeout(10_000);
                    pool.setMaxEvictCount(8);
                }
                server.setErrorHandler(new ProblemErrorHandler());
            });
            config.jetty.modifyServletContextHandler(handler -> servletSetup.forEach(c -> c.accept(handler)));
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setRequestHeaderSize(16 * 1024);
            });
        });
        app.exception(ApiException.class, (e, ctx) -> {
            if (e instanceof ApiException.RateLimited r) ctx.header("Retry-After", Long.toString(r.retryAfterSeconds()));
            fail(ctx, e.status(), e.title(), e.detail());
        });
        app.exception(HttpResponseException.class, (e, ctx) ->
                fail(ctx, e.getStatus(), reason(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            if (diskFull(e)) {
                // Whatever layer hit it (SQLite, a file write), a full disk is the caller's answer, not an engine bug.
                LOG.warn("{} {}: the data directory's file system is full", ctx.method(), ctx.path());
                fail(ctx, 507, "Insufficient Storage", "the engine's data directory is out of space; free some and retry");
                return;
            }
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            fail(ctx, 500, "Internal Server Error", "the engine failed unexpectedly; see the engine log");
        });
        app.error(404, ctx -> {
            if (!answered(ctx)) fail(ctx, 404, "Not Found", "no route " + ctx.method() + " " + ctx.path());
        });
        app.error(405, ctx -> {
            if (!answered(ctx)) fail(ctx, 405, "Method Not Allowed", ctx.method() + " is not allowed on " + ctx.path());
        });
        app.error(413, ctx -> {
            if (!answered(ctx)) fail(ctx, 413, "Payload Too Large", "request body exceeds " + MAX_JSON_BODY + " bytes");
        });
        app.error(400, ctx -> {
            if (!answered(ctx)) fail(ctx, 400, "Bad Request", "the request could not be parsed");
        });
    }

    /** Whether a failure comes from a full file system (ENOSPC or SQLite's SQLITE_FULL), at any depth. */
    static boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("SQLITE_FULL")
                    || m.contains("database or disk is full") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean answered(Context ctx) {
        String ct = ctx.res().getContentType();
        return ctx.attribute(ANSWERED) != null || ct != null && ct.startsWith("application/problem+json");
    }

    /** Writes a failure in the shape of whatever took the request: its route, else its path's API, else problem+json. */
    private void fail(Context ctx, int status, String title, String detail) {
        ErrorShape shape = ctx.attribute(SHAPE);
        if (shape == null && ctx.attribute(MATCHED) == null) {
            for (PrefixShape p : prefixShapes) {
                if (ctx.path().equals(p.prefix()) || ctx.path().startsWith(p.prefix() + "/")) {
                    shape = p.choose().apply(ctx);
                    break;
                }
            }
        }
        (shape == null ? ErrorShape.PROBLEM : shape).write(ctx, status, title, detail);
        ctx.attribute(ANSWERED, true);
    }

    /** Failures of this request (thrown, or Javalin's own) are written in {@code shape}. */
    public static void useErrorShape(Context ctx, ErrorShape shape) {
        ctx.attribute(SHAPE, shape);
    }

    /**
     * Requests under {@code prefix} that no route takes (404, 405) are answered in the shape
     * {@code choose} picks for them, so an SDK of another API gets its own error body there too.
     */
    public void errorShapeFor(String prefix, java.util.function.Function<Context, ErrorShape> choose) {
        prefixShapes.add(new PrefixShape(prefix, choose));
    }

    public static void problem(Context ctx, int status, String title, String detail) {
        ctx.status(status);
        ctx.contentType("application/problem+json");
        ctx.result(Json.write(problemBody(status, title, detail)));
    }

    /**
     * A problem+json body (RFC 9457): {@code status}, {@code title}, {@code detail}, and the
     * detail again as {@code error}, an extension member: the Caged SDKs take an error's message
     * from {@code error}, so their exceptions say what went wrong instead of "API error: 404".
     */
    static Map<String, Object> problemBody(int status, String title, String detail) {
        String d = detail == null || detail.isBlank() ? title : detail;
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("status", status);
        m.put("title", title);
        m.put("detail", d);
        m.put("error", d);
        return m;
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }

    public Javalin javalin() { return app; }

    public OpenApi openApi() { return openApi; }

    public void get(String path, Route.Doc doc, Handler h) { add(HandlerType.GET, path, doc, h); }
    public void post(String path, Route.Doc doc, Handler h) { add(HandlerType.POST, path, doc, h); }
    public void put(String path, Route.Doc doc, Handler h) { add(HandlerType.PUT, path, doc, h); }
    public void delete(String path, Route.Doc doc, Handler h) { add(HandlerType.DELETE, path, doc, h); }

    /** Documents a route served by other means (a WebSocket upgrade). */
    public void documentOnly(String method, String path, Route.Doc doc) {
        openApi.add(method, path, doc);
    }

    /**
     * Puts a servlet filter in front of Javalin for {@code pathSpec} (a servlet path spec such as
     * {@code /v1/sandboxes/*}); it must pass on what it does not serve. Call before {@link #start}.
     */
    public void addServletFilter(String pathSpec, jakarta.servlet.Filter filter) {
        servletSetup.add(handler -> {
            org.eclipse.jetty.servlet.FilterHolder holder = new org.eclipse.jetty.servlet.FilterHolder(filter);
            // The servlets behind it answer some requests asynchronously (Server-Sent Events).
            holder.setAsyncSupported(true);
            handler.addFilter(holder, pathSpec, java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        });
    }

    /** Writes a problem+json answer on a plain servlet response (for filters outside Javalin). */
    public static void problem(jakarta.servlet.http.HttpServletResponse res, ApiException e) throws java.io.IOException {
        if (e instanceof ApiException.RateLimited r) res.setHeader("Retry-After", Long.toString(r.retryAfterSeconds()));
        res.setStatus(e.status());
        res.setContentType("application/problem+json");
        res.setCharacterEncoding("UTF-8");
        res.getWriter().write(Json.write(problemBody(e.status(), e.title(), e.detail())));
    }

    /** A route that needs no API key ({@code /v1/health}, signed downloads). */
    public void publicGet(String path, Route.Doc doc, io.javalin.http.Handler h) {
        route(HandlerType.GET, path, path, doc.publicRoute(), h);
    }

    private void add(HandlerType method, String path, Route.Doc doc, Handler h) {
        openApi.add(method.name(), path, doc);
        String key = method.name() + " " + path;
        app.addHttpHandler(method, path, ctx -> {
            ctx.attribute(MATCHED, true);
            for (Interceptor i : interceptors.getOrDefault(key, java.util.List.of())) {
                if (i.handled(ctx)) return;
            }
            h.handle(ctx, authenticate(ctx));
        });
    }

    /**
     * A route that finds out who is calling by itself (another API's credentials, or none), documented
     * under {@code docPath} (Javalin's {@code <rest>} segments are OpenAPI's {@code {rest}}).
     */
    public void route(HandlerType method, String path, String docPath, Route.Doc doc, io.javalin.http.Handler h) {
        openApi.add(method.name(), docPath, doc);
        app.addHttpHandler(method, path, ctx -> {
            ctx.attribute(MATCHED, true);
            h.handle(ctx);
        });
    }

    /**
     * Offers the requests of an engine route ({@code method} and {@code path} as registered) to
     * another API first: the route whose path two SDKs share.
     */
    public void intercept(String method, String path, Interceptor interceptor) {
        interceptors.computeIfAbsent(method + " " + path, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(interceptor);
    }

    /** Resolves the caller from {@code Authorization: Bearer}, or {@code ?token=} when allowed. */
    public Principal authenticate(Context ctx) {
        return authenticate(ctx.header("Authorization"), ctx.header("X-API-Key"), ctx.queryParam("token"),
                ctx.userAgent(), ctx.ip());
    }

    /** The same check for a request that Javalin does not handle (a servlet behind a filter). */
    public Principal authenticate(String header, String apiKeyHeader, String token, String userAgent, String ip) {
        String key = null;
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw ApiException.unauthorized("Authorization header must be 'Bearer <api-key>'");
            }
            key = header.substring(7).trim();
        }
        if (key == null) {
            key = apiKeyHeader;
        }
        if (key == null && token != null) {
            key = token;
        }
        if (key == null || key.isEmpty()) {
            throw ApiException.unauthorized("missing API key: send 'Authorization: Bearer <api-key>'");
        }
        return authenticateKey(key, userAgent, ip);
    }

    /** The caller behind an engine API key however it was presented, rate-limited like every key. */
    public Principal authenticateKey(String key, String userAgent, String ip) {
        Principal p = authenticator.authenticate(key, userAgent, ip);
        if (p == null) {
            throw ApiException.unauthorized("invalid or revoked API key");
        }
        throttle(p.keyId());
        return p;
    }

    /**
     * The caller behind a credential that an engine key issued ({@code keyId}), rate-limited as that
     * key: 401 once the key is revoked.
     */
    public Principal authenticateKeyId(String keyId) {
        Principal p = keyId == null ? null : authenticator.byKeyId(keyId);
        if (p == null) {
            throw ApiException.unauthorized("the engine API key that issued this credential was revoked");
        }
        throttle(p.keyId());
        return p;
    }

    /** Counts a request against {@code keyId}'s rate limit: 429 when over it. */
    public void throttle(String keyId) {
        long wait = limiter.acquire(keyId);
        if (wait > 0) {
            throw new ApiException.RateLimited("too many requests with this API key; retry in " + wait + " s", wait);
        }
    }

    /** Requires a JSON (or absent) content type on a request body. */
    public static void requireJson(Context ctx) {
        String ct = ctx.contentType();
        if (ct != null && !ct.isBlank() && !ct.toLowerCase().startsWith("application/json")
                && !ct.toLowerCase().contains("+json")) {
            throw ApiException.unsupportedMediaType("expected Content-Type application/json, got " + ct);
        }
    }

    public static <T> T body(Context ctx, Class<T> type) {
        requireJson(ctx);
        return Json.parse(ctx.body(), type);
    }

    public static void json(Context ctx, int status, Object value) {
        ctx.status(status);
        ctx.contentType("application/json");
        try {
            ctx.result(Json.MAPPER.writeValueAsBytes(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public void start(String host, int port) {
        app.start(host, port);
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
