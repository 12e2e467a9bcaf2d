package dev.sandbench.client.http;

import okhttp3.OkHttpClient;

import java.time.Duration;

/** Builds the shared OkHttp client. */
public final class Clients {
    private Clients() {}

    public static OkHttpClient okHttp(String apiKey, String userAgent, Duration connect, Duration call, int attempts) {
        return new OkHttpClient.Builder()
                .connectTimeout(connect)
                .callTimeout(call)
                .readTimeout(call)
                .writeTimeout(call)
                .retryOnConnectionFailure(false)
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                        .header("Authorization", "Bearer " + apiKey)
                        .header("User-Agent", userAgent)
                        .build()))
                .addInterceptor(new RetryInterceptor(attempts))
                .build();
    }
}
