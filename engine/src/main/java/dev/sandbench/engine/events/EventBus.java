package dev.sandbench.engine.events;

import dev.sandbench.engine.core.Ids;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Engine changes, fanned out to subscribers of their account. Event ids are
 * {@code <epoch>-<sequence>}: a client reconnecting with {@code Last-Event-ID} gets what it
 * missed from a ring of recent events; after an engine restart (a new epoch) or a gap too old
 * for the ring it gets a {@code reset} event and should reload its view.
 */
public final class EventBus {
    public static final int RING = 10_000;
    private static final int SUBSCRIBER_QUEUE = 10_000;

    private final String epoch = Ids.random(6);
    private final Deque<Stamped> ring = new ArrayDeque<>();
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private final List<java.util.function.BiConsumer<String, EngineEvent>> listeners = new CopyOnWriteArrayList<>();

    /** An engine-internal consumer of every event (account id, event); called on the publishing thread. */
    public void addListener(java.util.function.BiConsumer<String, EngineEvent> listener) {
        listeners.add(listener);
    }
    private long seq;
    private volatile boolean closed;

    /** Ends every stream (engine shutdown). */
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }

    private record Stamped(long seq, String accountId, EngineEvent event) {}

    /** A subscriber's queue; {@code overflowed} means it fell too far behind and must reconnect. */
    public final class Subscription implements AutoCloseable {
        final String accountId;
        final BlockingQueue<EngineEvent> queue = new LinkedBlockingQueue<>(SUBSCRIBER_QUEUE);
        volatile boolean overflowed;

        Subscription(String accountId) {
            this.accountId = accountId;
        }

        public BlockingQueue<EngineEvent> queue() {
            return queue;
        }

        public boolean overflowed() {
            return overflowed;
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }

    public void publish(String accountId, String type, String sandboxId, Map<String, Object> data) {
        EngineEvent published;
        synchronized (ring) {
            long n = ++seq;
            EngineEvent e = new EngineEvent(epoch + "-" + n, type, sandboxId, Ids.now(), data);
            published = e;
            ring.addLast(new Stamped(n, accountId, e));
            if (ring.size() > RING) ring.removeFirst();
            for (Subscription s : subscribers) {
                if (s.accountId.equals(accountId) && !s.queue.offer(e)) s.overflowed = true;
            }
        }
        for (var l : listeners) l.accept(accountId, published);
    }

    /**
     * Subscribes an account; with {@code lastEventId}, first replays what came after it.
     * Returns the subscription and, in {@code replay}, the events to send first (a single
     * {@code reset} event when the id cannot be resumed from).
     */
    public Subscription subscribe(String accountId, String lastEventId, List<EngineEvent> replay) {
        synchronized (ring) {
            Subscription s = new Subscription(accountId);
            if (lastEventId != null && !lastEventId.isBlank()) {
                long after = resumable(lastEventId);
                if (after < 0) {
                    replay.add(new EngineEvent(epoch + "-" + seq, "reset", null, Ids.now(),
                            Map.of("reason", "cannot resume from " + lastEventId + "; reload your view")));
                } else {
                    for (Stamped st : ring) {
                        if (st.seq > after && st.accountId.equals(accountId)) replay.add(st.event);
                    }
                }
            }
            subscribers.add(s);
            return s;
        }
    }

    /** The sequence to resume after, or -1 when the id is from another epoch or older than the ring. */
    private long resumable(String id) {
        int dash = id.lastIndexOf('-');
        if (dash < 0 || !id.substring(0, dash).equals(epoch)) return -1;
        try {
            long n = Long.parseLong(id.substring(dash + 1));
            long oldest = ring.isEmpty() ? seq + 1 : ring.peekFirst().seq;
            return n + 1 < oldest ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public String lastId() {
        synchronized (ring) {
            return epoch + "-" + seq;
        }
    }

    List<Subscription> subscribers() {
        return new ArrayList<>(subscribers);
    }
}
