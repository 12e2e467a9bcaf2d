package dev.sandbench.engine.compat;

import dev.sandbench.engine.api.ErrorShape;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The compatible APIs' routes on the engine's one listener. Each API registers its routes with
 * its error shape; a path two APIs share gets one handler that gives each request to the first
 * API whose {@link Claim} takes it (and to the first registered when none does, which then
 * answers in its own shape). A path the engine's own API also serves is offered to the
 * compatible API first ({@link #share}).
 */
public final class CompatRoutes {
    /** Whether a request on a shared path is for this API. */
    @FunctionalInterface
    public interface Claim {
        boolean claims(Context ctx);

        Claim ALL = ctx -> true;
    }

    private record Owner(CompatApi api, Claim claim, Handler handler) {}

    private final HttpApi api;
    private final Map<CompatApi, ErrorShape> shapes = new EnumMap<>(CompatApi.class);
    private final Map<String, List<Owner>> owners = new ConcurrentHashMap<>();

    public CompatRoutes(HttpApi api) {
        this.api = api;
    }

    public HttpApi http() {
        return api;
    }

    /** How {@code compatApi} words its failures; register before its routes. */
    public synchronized void errorShape(CompatApi compatApi, ErrorShape shape) {
        shapes.put(compatApi, shape);
    }

    /** The shape of {@code compatApi}, or of {@code fallback} while the former has none registered. */
    public synchronized ErrorShape shapeOf(CompatApi compatApi, CompatApi fallback) {
        ErrorShape s = shapes.get(compatApi);
        return s != null ? s : shapes.getOrDefault(fallback, ErrorShape.PROBLEM);
    }

    /** The APIs registered so far (by their ids), for {@code /v1/info}. */
    public synchronized List<String> apis() {
        return shapes.keySet().stream().map(CompatApi::id).toList();
    }

    private synchronized ErrorShape shape(CompatApi compatApi) {
        ErrorShape s = shapes.get(compatApi);
        if (s == null) throw new IllegalStateException("no error shape registered for " + compatApi);
        return s;
    }

    /** A route only {@code compatApi} serves. */
    public void add(CompatApi compatApi, HandlerType method, String path, Route.Doc doc, Handler h) {
        add(compatApi, method, path, doc, Claim.ALL, h);
    }

    /** A route that {@code compatApi} may share with another compatible API; {@code claim} picks its requests. */
    public synchronized void add(CompatApi compatApi, HandlerType method, String path, Route.Doc doc, Claim claim,
                                 Handler h) {
        shape(compatApi);
        String key = method.name() + " " + path;
        String docPath = path.replace('<', '{').replace('>', '}');
        List<Owner> list = owners.get(key);
        Owner owner = new Owner(compatApi, claim, h);
        if (list != null) {
            list.add(owner);
            api.openApi().note(method.name(), docPath, compatApi.title() + " serves it too: " + doc.summary());
            return;
        }
        List<Owner> route = new CopyOnWriteArrayList<>(List.of(owner));
        owners.put(key, route);
        api.route(method, path, docPath, doc, ctx -> {
            Owner chosen = route.get(0);
            for (Owner o : route) {
                if (o.claim().claims(ctx)) {
                    chosen = o;
                    break;
                }
            }
            HttpApi.useErrorShape(ctx, shape(chosen.api()));
            chosen.handler().handle(ctx);
        });
    }

    /**
     * Offers requests of the engine's own route ({@code method} and {@code enginePath} as the
     * engine registered it) to {@code compatApi} first: {@code claim} says which are its.
     */
    public void share(String method, String enginePath, CompatApi compatApi, Claim claim, Handler h) {
        ErrorShape shape = shape(compatApi);
        api.intercept(method, enginePath, ctx -> {
            if (!claim.claims(ctx)) return false;
            HttpApi.useErrorShape(ctx, shape);
            h.handle(ctx);
            return true;
        });
    }

    /** Requests under {@code prefix} that no route takes answer in the shape {@code choose} picks. */
    public void unmatchedUnder(String prefix, Function<Context, ErrorShape> choose) {
        api.errorShapeFor(prefix, choose);
    }
}
