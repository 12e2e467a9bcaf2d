package dev.sandbench.client.events;

import dev.sandbench.client.http.EngineHttp;
import dev.sandbench.client.http.SseReader;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The live event stream, reconnecting by itself (with backoff) and resuming with
 * {@code Last-Event-ID}, so no event is lost or repeated while the engine keeps running; across
 * an engine restart the listener gets a {@code reset} event. Close it to stop.
 */
public final class EventSubscription implements AutoCloseable {
    private final OkHttpClient http;
    private final Supplier<Request.Builder> request;
    private final EventListener listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Call current;
    private volatile String lastId;

    EventSubscription(OkHttpClient http, Supplier<Request.Builder> request, EventListener listener) {
        this.http = http;
        this.request = request;
        this.listener = listener;
        this.thread = new Thread(this::loop, "sandbench-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long backoff = 100;
        while (!closed) {
            Request.Builder b = request.get();
            if (lastId != null) b.header("Last-Event-ID", lastId);
            Call call = http.newCall(b.build());
            current = call;
            try (Response r = call.execute()) {
                if (!r.isSuccessful()) throw EngineHttp.failure(r);
                listener.onConnected();
                backoff = 100;
                SseReader sse = new SseReader(new BufferedReader(new InputStreamReader(r.body().byteStream(), StandardCharsets.UTF_8)));
                for (SseReader.Event e; (e = sse.next()) != null && !closed; ) {
                    if (e.name().equals("hello")) continue;
                    EngineEvent ev = EngineHttp.MAPPER.readValue(e.data(), EngineEvent.class);
                    if (e.id() != null) lastId = e.id();
                    listener.onEvent(ev);
                }
                if (!closed) listener.onDisconnected(null);
            } catch (Exception e) {
                if (closed) return;
                listener.onDisconnected(e);
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(5_000, backoff * 2);
        }
    }

    /** The id of the last event received, from which a reconnect resumes. */
    public String lastEventId() {
        return lastId;
    }

    @Override
    public void close() {
        closed = true;
        Call c = current;
        if (c != null) c.cancel();
        thread.interrupt();
    }
}
