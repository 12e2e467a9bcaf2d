package dev.sandbench.client;

import dev.sandbench.client.code.CodeRequest;
import dev.sandbench.client.code.CodeResult;
import dev.sandbench.client.events.EngineEvent;
import dev.sandbench.client.events.EventListener;
import dev.sandbench.client.events.EventSubscription;
import dev.sandbench.client.exec.ExecRequest;
import dev.sandbench.client.exec.ExecResult;
import dev.sandbench.client.exec.ExecStream;
import dev.sandbench.client.exec.StreamDone;
import dev.sandbench.client.http.EngineHttp;
import dev.sandbench.client.jobs.Job;
import dev.sandbench.client.jobs.JobRequest;
import dev.sandbench.client.jobs.JobStatus;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.Sandbox;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingCodeJobsEventsTest {
    @Test
    void streamingSessionsCodeAndJobs() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            SandbenchClient sb = f.client;
            Sandbox box = sb.sandboxes().create(CreateSandbox.builder().template("python").build());
            List<String> chunks = new ArrayList<>();
            long[] firstAt = {0};
            long start = System.nanoTime();
            try (ExecStream s = sb.exec().stream(box.id(), ExecRequest.of("echo one; sleep 1; echo two"), (stream, text) -> {
                synchronized (chunks) {
                    if (chunks.isEmpty()) firstAt[0] = System.nanoTime() - start;
                    chunks.add(stream + ":" + text);
                }
            })) {
                StreamDone done = s.done().get(20, TimeUnit.SECONDS);
                assertThat(done.exitCode()).isZero();
            }
            assertThat(chunks).containsExactly("stdout:one\n", "stdout:two\n");
            assertThat(firstAt[0]).isLessThan(TimeUnit.MILLISECONDS.toNanos(900));

            sb.exec().run(box.id(), ExecRequest.of("cd /tmp && export A=b").session("main"));
            ExecResult r = sb.exec().run(box.id(), ExecRequest.of("pwd; echo $A").session("main"));
            assertThat(r.stdout()).isEqualTo("/tmp\nb\n");
            assertThat(r.cwd()).isEqualTo("/tmp");

            CodeResult c = sb.code().run(box.id(), CodeRequest.of("python", "print(sum(range(10)))"));
            assertThat(c.stdout()).isEqualTo("45\n");
            sb.code().run(box.id(), CodeRequest.of("python", "k = 7").persistent(true));
            assertThat(sb.code().run(box.id(), CodeRequest.of("python", "k * 6").persistent(true)).stdout()).isEqualTo("42\n");

            Job job = sb.jobs().submit(box.id(), JobRequest.exec("sleep 0.3; echo finished"));
            Job done = sb.jobs().await(job.id(), Duration.ofSeconds(20));
            assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(EngineHttp.MAPPER.treeToValue(done.result(), ExecResult.class).output()).isEqualTo("finished\n");
        }
    }

    @Test
    void theEventStreamReconnectsAfterTheEngineRestarts() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            LinkedBlockingQueue<EngineEvent> events = new LinkedBlockingQueue<>();
            int[] connects = {0};
            try (EventSubscription sub = f.client.events().subscribe(new EventListener() {
                @Override
                public void onEvent(EngineEvent event) {
                    events.add(event);
                }

                @Override
                public void onConnected() {
                    connects[0]++;
                }
            })) {
                waitFor(() -> connects[0] == 1);
                Sandbox a = f.client.sandboxes().create();
                EngineEvent created = next(events, "sandbox.created");
                assertThat(created.sandboxId()).isEqualTo(a.id());
                assertThat(created.sandbox()).get().extracting(Sandbox::id, Sandbox::template).containsExactly(a.id(), a.template());
                f.client.sandboxes().destroy(a.id());
                assertThat(next(events, "sandbox.destroyed").sandboxId()).isEqualTo(a.id());

                int port = f.engine.port();
                f.stop();
                f.start(port);
                // The subscription reconnects by itself; the new engine says it cannot resume.
                assertThat(next(events, "reset")).isNotNull();
                Sandbox b = f.client.sandboxes().create();
                assertThat(next(events, "sandbox.created").sandboxId()).isEqualTo(b.id());
                assertThat(connects[0]).isGreaterThanOrEqualTo(2);
            }
        }
    }

    private static EngineEvent next(LinkedBlockingQueue<EngineEvent> q, String type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            EngineEvent e = q.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.type().equals(type)) return e;
        }
        throw new AssertionError("no " + type + " event");
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        for (int i = 0; i < 200 && !c.getAsBoolean(); i++) Thread.sleep(25);
    }
}
