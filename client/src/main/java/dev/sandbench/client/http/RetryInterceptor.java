package dev.sandbench.client.http;

import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;
import java.util.Set;

/**
 * Retries idempotent calls (GET, HEAD, PUT, DELETE) when the connection fails or the engine
 * answers 502/503/504, with a short backoff. POSTs are never retried: creating a sandbox or
 * running a command twice is not harmless.
 */
final class RetryInterceptor implements Interceptor {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE");
    private final int attempts;

    RetryInterceptor(int attempts) {
        this.attempts = attempts;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        boolean retryable = IDEMPOTENT.contains(chain.request().method())
                && (chain.request().body() == null || !chain.request().body().isOneShot());
        IOException last = null;
        for (int i = 0; i < (retryable ? attempts : 1); i++) {
            if (i > 0) backoff(i);
            try {
                Response r = chain.proceed(chain.request());
                if (!retryable || i == attempts - 1 || (r.code() != 502 && r.code() != 503 && r.code() != 504)) {
                    return r;
                }
                r.close();
            } catch (IOException e) {
                if (chain.call().isCanceled()) throw e;
                last = e;
            }
        }
        throw last;
    }

    private static void backoff(int attempt) throws IOException {
        try {
            Thread.sleep(100L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while retrying");
        }
    }
}
