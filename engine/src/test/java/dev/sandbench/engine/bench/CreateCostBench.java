package dev.sandbench.engine.bench;

import dev.sandbench.engine.TestEngine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * p50 of 20 sandbox creates, cold (no warm pool) and from the warm pool (refilled between
 * creates, not timed). Not part of the suite (timings are not assertions): run it by name,
 * {@code ./mvnw -pl engine test -Dtest=CreateCostBench}.
 */
class CreateCostBench {
    @Test
    void createCost() throws Exception {
        for (int pool : new int[]{0, 2}) {
            try (TestEngine engine = new TestEngine(c -> c.withWarmPool(pool))) {
                TestEngine.Client api = engine.client();
                api.delete("/v1/sandboxes/" + api.createSandbox());
                List<Long> ns = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    if (pool > 0) Thread.sleep(400);
                    long t = System.nanoTime();
                    String id = api.createSandbox();
                    ns.add(System.nanoTime() - t);
                    api.delete("/v1/sandboxes/" + id);
                }
                ns.sort(null);
                System.out.printf("CREATE-COST warm_pool=%d p50=%.1f ms p90=%.1f ms (%s)%n", pool, ns.get(10) / 1e6,
                        ns.get(18) / 1e6, api.get("/v1/info").json().get("limits").get("disk").get("how").asText());
            }
        }
    }
}
