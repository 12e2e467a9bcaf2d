package dev.sandbench.engine.sessions;

import dev.sandbench.engine.core.EngineConfig;
import dev.sandbench.engine.core.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes ended sessions past the age limit, then the oldest ended sessions while all sessions
 * together hold more recorded data than the size limit. Runs on its own thread, never on a
 * request. An active session (its sandbox still exists) is never deleted, even when that leaves
 * the store over its limit: losing the timeline of work in progress is worse than a full disk
 * warning. The size counted is the events' JSON; SQLite reuses the freed pages rather than
 * shrinking the file.
 */
final class SessionRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRetention.class);
    private static final int CHUNK = 200;

    private final SessionStore store;
    private final EngineConfig.SessionRetention limits;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "session-retention");
        t.setDaemon(true);
        return t;
    });

    SessionRetention(SessionStore store, EngineConfig.SessionRetention limits) {
        this.store = store;
        this.limits = limits;
    }

    void start() {
        long every = Math.max(1, limits.every().toMillis());
        // The first pass soon after start, so an engine that was down for a while catches up.
        scheduler.scheduleWithFixedDelay(this::runSafely, Math.min(every, 5_000), every, TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            prune();
        } catch (RuntimeException e) {
            LOG.warn("session retention pass failed", e);
        }
    }

    /** One pass; returns how many sessions it deleted. */
    int prune() {
        int deleted = 0;
        if (!limits.maxAge().isZero()) {
            String cutoff = Ids.timestamp(Instant.now().minus(limits.maxAge()));
            List<Map.Entry<String, Long>> old;
            do {
                old = store.ended(cutoff, CHUNK);
                for (Map.Entry<String, Long> s : old) if (store.deleteEnded(s.getKey())) deleted++;
            } while (old.size() == CHUNK);
        }
        if (limits.maxBytes() > 0) {
            long total = store.totalBytes();
            while (total > limits.maxBytes()) {
                List<Map.Entry<String, Long>> oldest = store.ended(null, CHUNK);
                if (oldest.isEmpty()) {
                    LOG.warn("sessions hold {} MB, over the {} MB limit, but every remaining session is active",
                            total >> 20, limits.maxBytes() >> 20);
                    break;
                }
                int before = deleted;
                for (Map.Entry<String, Long> s : oldest) {
                    if (total <= limits.maxBytes()) break;
                    if (store.deleteEnded(s.getKey())) {
                        total -= s.getValue();
                        deleted++;
                    }
                }
                if (deleted == before) break; // deleted meanwhile by someone else: the next pass re-counts
            }
        }
        if (deleted > 0) LOG.info("session retention deleted {} ended session(s)", deleted);
        return deleted;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
