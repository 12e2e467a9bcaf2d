package dev.sandbench.client;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Failures the client must type correctly. Real causes where they can be made; a mock server for the rest. */
class FailuresTest {
    @Test
    void anEngineThatIsNotThereIsATransportFailure() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (SandbenchClient c = SandbenchClient.builder().baseUrl("http://127.0.0.1:" + port).apiKey("k").attempts(1).build()) {
            assertThatThrownBy(() -> c.sandboxes().list()).isInstanceOf(TransportException.class)
                    .satisfies(e -> assertThat(((SandbenchException) e).problem()).isNull());
        }
    }

    @Test
    void anEngineThatStallsIsATimeout() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread accept = new Thread(() -> {
                try {
                    while (true) held.add(s.accept()); // accept and never answer
                } catch (IOException ignored) {
                    // closed
                }
            });
            accept.setDaemon(true);
            accept.start();
            try (SandbenchClient c = SandbenchClient.builder().baseUrl("http://127.0.0.1:" + s.getLocalPort()).apiKey("k")
                    .callTimeout(Duration.ofMillis(300)).attempts(1).build()) {
                assertThatThrownBy(() -> c.sandboxes().list()).isInstanceOf(SandbenchTimeoutException.class);
            }
        }
    }

    // The engine has no rate limit yet and does not fail on purpose: these statuses come from a mock server.
    @Test
    void rateLimitsUnavailabilityAndEngineErrorsAreTyped() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(problem(429, "slow down").addHeader("Retry-After", "7"));
            server.enqueue(problem(503, "starting"));
            server.enqueue(problem(500, "boom"));
            server.start();
            try (SandbenchClient c = SandbenchClient.builder().baseUrl(server.url("/").toString()).apiKey("k")
                    .attempts(1).build()) {
                assertThatThrownBy(() -> c.sandboxes().list()).isInstanceOf(RateLimitedException.class)
                        .satisfies(e -> assertThat(((RateLimitedException) e).retryAfter()).isEqualTo(Duration.ofSeconds(7)));
                assertThatThrownBy(() -> c.sandboxes().list()).isInstanceOf(EngineUnavailableException.class)
                        .hasMessageContaining("starting");
                assertThatThrownBy(() -> c.sandboxes().list()).isInstanceOf(EngineException.class)
                        .satisfies(e -> assertThat(((SandbenchException) e).problem().title()).isEqualTo("Internal Server Error"));
            }
        }
    }

    @Test
    void idempotentCallsAreRetriedButPostsAreNot() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(problem(503, "starting"));
            server.enqueue(new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json").setBody("[]"));
            server.enqueue(problem(503, "starting"));
            server.start();
            try (SandbenchClient c = SandbenchClient.builder().baseUrl(server.url("/").toString()).apiKey("k").build()) {
                assertThat(c.sandboxes().list()).isEmpty();
                assertThatThrownBy(() -> c.sandboxes().create()).isInstanceOf(EngineUnavailableException.class);
                assertThat(server.getRequestCount()).isEqualTo(3);
            }
        }
    }

    private static MockResponse problem(int status, String detail) {
        return new MockResponse().setResponseCode(status).addHeader("Content-Type", "application/problem+json")
                .setBody("{\"status\":" + status + ",\"title\":\"" + (status == 500 ? "Internal Server Error" : "x")
                        + "\",\"detail\":\"" + detail + "\"}");
    }
}
