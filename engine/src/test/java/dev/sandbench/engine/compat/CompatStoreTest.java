package dev.sandbench.engine.compat;

import dev.sandbench.engine.TestEngine;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.store.Database;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The compat store's rows as an engine crash leaves them, and as the next start finds them. */
class CompatStoreTest {
    @Test
    void jobsACrashCutOffReadAsFailedAndSessionsKeepTheirState() throws Exception {
        Path dir = Files.createTempDirectory("sandbench-compat-store-");
        try {
            CompatIdentity who = new CompatIdentity(new Principal("acc_1", "key_1", false), "u1", false);
            try (Database db = new Database(dir.resolve("engine.db"))) {
                CompatStore store = new CompatStore(db);
                store.insertJob(CompatApi.CAGE, "j-queued", who, "sbx_1", "job_a");
                store.insertJob(CompatApi.CAGE, "j-done", who, "sbx_1", "job_b");
                store.updateJob(store.job(CompatApi.CAGE, "j-done"), "completed", Map.of("stdout", "ok"), null,
                        "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z");
                CompatStore.Session s = store.insert(CompatApi.SANDKASTEN, "sbx_1", who, "sbx_1", Map.of("cwd", "/workspace"));
                store.update(s, Map.of("cwd", "/tmp"));
            }
            try (Database db = new Database(dir.resolve("engine.db"))) {
                CompatStore store = new CompatStore(db);
                assertThat(store.failUnfinishedJobs("the engine restarted")).isEqualTo(1);
                CompatStore.Job cut = store.job(CompatApi.CAGE, "j-queued");
                assertThat(cut.status()).isEqualTo("failed");
                assertThat(cut.error()).isEqualTo("the engine restarted");
                assertThat(store.job(CompatApi.CAGE, "j-done").result().get("stdout").asText()).isEqualTo("ok");
                assertThat(store.jobByEngineId("job_b").id()).isEqualTo("j-done");
                CompatStore.Session s = store.get(CompatApi.SANDKASTEN, "sbx_1");
                assertThat(s.text("cwd")).isEqualTo("/tmp");
                assertThat(store.open(CompatApi.SANDKASTEN, "acc_1")).hasSize(1);
                assertThat(store.open(CompatApi.CAGE, "acc_1")).isEmpty();
                store.end(s);
                assertThat(store.get(CompatApi.SANDKASTEN, "sbx_1").open()).isFalse();
                assertThat(store.countOpen()).isZero();
                // Retention forgets what ended before the cut-off, and only that; a user's newest session stays.
                assertThat(store.forgetBefore("2026-01-01T00:00:00.500Z")).isZero();
                store.insert(CompatApi.SANDKASTEN, "sbx_2", who, "sbx_2", Map.of());
                store.end(store.get(CompatApi.SANDKASTEN, "sbx_2"));
                assertThat(store.forgetBefore("2999-01-01T00:00:00Z")).isEqualTo(3);
                assertThat(store.job(CompatApi.CAGE, "j-done")).isNull();
                assertThat(store.get(CompatApi.SANDKASTEN, "sbx_1")).isNull();
                assertThat(store.latest(CompatApi.SANDKASTEN, "acc_1", "u1").id()).isEqualTo("sbx_2");
            }
        } finally {
            TestEngine.deleteTree(dir);
        }
    }
}
