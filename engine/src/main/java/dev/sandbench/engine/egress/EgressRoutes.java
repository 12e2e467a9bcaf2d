package dev.sandbench.engine.egress;

import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.sandbox.EgressRules;

/** Reading and changing a sandbox's egress policy, live. */
public final class EgressRoutes {
    private EgressRoutes() {}

    public static void register(HttpApi api, EgressService egress) {
        api.get("/v1/sandboxes/{id}/egress", Doc.of("The sandbox's egress policy: its allow and deny rules, what is "
                        + "refused by default, and the addresses its allowed and denied names resolved to").tag("sandboxes")
                .response(EgressView.class),
                (ctx, p) -> HttpApi.json(ctx, 200, egress.get(p, ctx.pathParam("id"))));
        api.put("/v1/sandboxes/{id}/egress", Doc.of("Replace the sandbox's allow and deny rules (networks such as "
                        + "203.0.113.0/24, DNS names such as pypi.org or *.pythonhosted.org); a running sandbox follows "
                        + "them from its next connection, without a restart").tag("sandboxes")
                .request(EgressRules.class).response(EgressView.class),
                (ctx, p) -> HttpApi.json(ctx, 200, egress.put(p, ctx.pathParam("id"), HttpApi.body(ctx, EgressRules.class))));
    }
}
