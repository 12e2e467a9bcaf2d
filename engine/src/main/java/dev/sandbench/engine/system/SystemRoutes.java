package dev.sandbench.engine.system;

import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.runtime.Cgroups;
import dev.sandbench.engine.sandbox.SandboxService;
import dev.sandbench.engine.sandbox.Template;
import dev.sandbench.engine.storage.Storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Health, capabilities, templates and the OpenAPI document. */
public final class SystemRoutes {
    public record Health(String status, String version, String problem) {}

    /**
     * @param devMode        whether the compatible APIs accept their SDKs' quick-start credentials (--dev)
     * @param compatibleApis the foreign SDKs' APIs served on this listener (cage, sandkasten)
     */
    public record Info(String version, String runtime, String cgroups, List<String> isolation,
                       Map<String, Cgroups.Enforcement> limits, List<String> networkModes, boolean runningAsRoot,
                       String dataDir, long execTimeoutMs, int outputCapBytes, long maxTextFileBytes,
                       int warmSandboxes, int warmPoolSize, Map<String, Boolean> languages, boolean devMode,
                       List<String> compatibleApis, Map<String, Object> network) {
        /** Where the engine keeps its files is the host's business: only an admin key is told (null otherwise). */
        public Info forKey(boolean admin) {
            return admin ? this : new Info(version, runtime, cgroups, isolation, limits, networkModes, runningAsRoot, null,
                    execTimeoutMs, outputCapBytes, maxTextFileBytes, warmSandboxes, warmPoolSize, languages, devMode,
                    compatibleApis, network);
        }
    }

    private SystemRoutes() {}

    /** @param problem supplies null when sandboxes can be created, else what is wrong and how to fix it */
    public static void register(HttpApi api, String version, SandboxService sandboxes, Supplier<String> problem,
                                Supplier<Info> info) {
        api.publicGet("/v1/health", Doc.of("200 once the engine can create sandboxes, else 503 with the reason")
                .tag("system").response(Health.class), ctx -> {
                    String why = problem.get();
                    if (why == null) {
                        HttpApi.json(ctx, 200, new Health("ok", version, null));
                    } else {
                        HttpApi.problem(ctx, 503, "Service Unavailable", "the engine cannot create sandboxes: " + why);
                    }
                });
        api.get("/v1/info", Doc.of("Version, runtime, and which isolation and limits are really in force here")
                .tag("system").response(Info.class), (ctx, p) -> HttpApi.json(ctx, 200, info.get().forKey(p.admin())));
        api.get("/v1/templates", Doc.of("Templates, with whether each is available here and why not, and the versions "
                        + "of their runtimes (runtime_versions)")
                .tag("system").responseList(Template.class),
                (ctx, p) -> HttpApi.json(ctx, 200, sandboxes.templates().all()));
        // Public, like any API's published description: the interactive docs at /docs read it
        // before the user has entered a key.
        api.publicGet("/v1/openapi.json", Doc.of("This document").tag("system").response(Map.class),
                ctx -> HttpApi.json(ctx, 200, api.openApi().document()));
        ApiDocs.register(api);
    }

    public static Map<String, Cgroups.Enforcement> limits(Cgroups cgroups, Storage storage) {
        Map<String, Cgroups.Enforcement> m = new LinkedHashMap<>(cgroups.enforcement());
        m.put("disk", new Cgroups.Enforcement(storage.hard(), storage.describe()));
        m.put("lifetime", new Cgroups.Enforcement(true, "sandboxes are destroyed when their timeout expires; paused time does not count"));
        return m;
    }
}
