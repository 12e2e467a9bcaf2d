package dev.sandbench.client.events;

import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.time.Duration;

/** The live event stream of the caller's account. */
public final class EventsClient {
    private final EngineHttp http;
    private final OkHttpClient streaming;

    public EventsClient(EngineHttp http) {
        this.http = http;
        // The engine sends a keep-alive every 15 s; 45 s of silence means the connection is gone.
        this.streaming = http.okHttp().newBuilder().callTimeout(Duration.ZERO).readTimeout(Duration.ofSeconds(45))
                .build();
    }

    /** Starts receiving events; the subscription reconnects by itself until closed. */
    @ApiRoute("GET /v1/events/stream")
    public EventSubscription subscribe(EventListener listener) {
        return new EventSubscription(streaming, () -> new Request.Builder().url(http.url("/v1/events/stream"))
                .header("Accept", "text/event-stream").get(), listener);
    }
}
