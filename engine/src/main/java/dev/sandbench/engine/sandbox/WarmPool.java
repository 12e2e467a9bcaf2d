package dev.sandbench.engine.sandbox;

import dev.sandbench.engine.runtime.RunningSandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A few sandboxes started ahead of demand. Starting bubblewrap, the runner and the cgroups
 * takes tens of milliseconds; taking a warm sandbox and writing the request's limits into its
 * cgroup takes one or two. Only sandboxes without network are pooled (a network helper is
 * attached per sandbox), and every warm sandbox is the same until it is taken: the template
 * is the host's /usr for all, and environment and limits are applied on taking it.
 */
final class WarmPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmPool.class);
    private static final long BACKOFF_MS = 10_000;

    /** A started sandbox not yet given to anyone. */
    record Warm(String runtimeName, int hostUid, RunningSandbox sandbox) {}

    /** Starts and discards warm sandboxes; the sandbox service owns directories and uids. */
    interface Starter {
        Warm start() throws IOException;

        void discard(Warm warm);
    }

    private final int target;
    private final Starter starter;
    private final LinkedBlockingQueue<Warm> ready = new LinkedBlockingQueue<>();
    private final ExecutorService filler = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "warm-pool");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile long failedAt;

    WarmPool(int target, Starter starter) {
        this.target = target;
        this.starter = starter;
    }

    int target() {
        return target;
    }

    int size() {
        return ready.size();
    }

    void refill() {
        if (!closed && target > 0) {
            filler.execute(this::fill);
        }
    }

    private void fill() {
        while (!closed && ready.size() < target && System.currentTimeMillis() - failedAt > BACKOFF_MS) {
            try {
                ready.add(starter.start());
            } catch (IOException | RuntimeException e) {
                failedAt = System.currentTimeMillis();
                LOG.warn("could not start a warm sandbox (retrying in {} s): {}", BACKOFF_MS / 1000, e.getMessage());
            }
        }
    }

    /** A live warm sandbox, or null when none is ready (the caller starts one cold). */
    Warm take() {
        Warm w;
        while ((w = ready.poll()) != null && !w.sandbox().alive()) {
            starter.discard(w);
        }
        refill();
        return w;
    }

    @Override
    public void close() {
        closed = true;
        filler.shutdownNow();
        Warm w;
        while ((w = ready.poll()) != null) {
            starter.discard(w);
        }
    }
}
