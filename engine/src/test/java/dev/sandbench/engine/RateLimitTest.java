package dev.sandbench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTest {
    @Test
    void aKeyOverItsLimitGets429WithRetryAfterAndOtherKeysDoNot() throws Exception {
        try (TestEngine engine = new TestEngine(c -> c.withRateLimit(5).withWarmPool(0))) {
            TestEngine.Client admin = engine.client();
            JsonNode other = admin.post("/v1/account/keys", Map.of("name", "other")).json();
            TestEngine.Res limited = null;
            for (int i = 0; i < 60 && limited == null; i++) {
                TestEngine.Res r = admin.get("/v1/sandboxes");
                if (r.status() == 429) limited = r;
            }
            assertThat(limited).as("the admin key was never limited").isNotNull();
            assertThat(limited.contentType()).startsWith("application/problem+json");
            assertThat(limited.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(Long.parseLong(limited.raw().headers().firstValue("Retry-After").get())).isPositive();
            assertThat(engine.client(other.get("key").asText()).get("/v1/sandboxes").status()).isEqualTo(200);
            // The same bucket guards the streaming routes and WebSocket upgrades (checked before the upgrade).
            String ws = engine.url().replace("http", "ws") + "/v1/sandboxes/sbx_any/terminal?token=" + engine.adminKey();
            java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> java.net.http.HttpClient.newHttpClient()
                            .newWebSocketBuilder().buildAsync(java.net.URI.create(ws), new java.net.http.WebSocket.Listener() {})
                            .get(10, java.util.concurrent.TimeUnit.SECONDS));
            var handshake = ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse();
            assertThat(handshake.statusCode()).isEqualTo(429);
            assertThat(handshake.headers().firstValue("Retry-After")).isPresent();
            TestEngine.Res sse = admin.get("/v1/events/stream");
            assertThat(sse.status()).isEqualTo(429);
            assertThat(sse.raw().headers().firstValue("Retry-After")).isPresent();
            Thread.sleep(1200);
            assertThat(admin.get("/v1/sandboxes").status()).isEqualTo(200);
        }
    }
}
