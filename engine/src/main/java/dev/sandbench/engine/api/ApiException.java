package dev.sandbench.engine.api;

/**
 * A failure the API reports to its caller as {@code application/problem+json}.
 * Every expected failure (bad input, unknown id, wrong state) is one of these;
 * anything else is an engine bug and becomes a 500 without details.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String title;

    public ApiException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public int status() { return status; }
    public String title() { return title; }
    public String detail() { return getMessage(); }

    public static ApiException badRequest(String detail) { return new ApiException(400, "Bad Request", detail); }
    public static ApiException unauthorized(String detail) { return new ApiException(401, "Unauthorized", detail); }
    public static ApiException forbidden(String detail) { return new ApiException(403, "Forbidden", detail); }
    public static ApiException notFound(String detail) { return new ApiException(404, "Not Found", detail); }
    public static ApiException conflict(String detail) { return new ApiException(409, "Conflict", detail); }
    public static ApiException gone(String detail) { return new ApiException(410, "Gone", detail); }
    public static ApiException tooLarge(String detail) { return new ApiException(413, "Payload Too Large", detail); }
    public static ApiException unsupportedMediaType(String detail) { return new ApiException(415, "Unsupported Media Type", detail); }
    public static ApiException rangeNotSatisfiable(String detail) { return new ApiException(416, "Range Not Satisfiable", detail); }
    public static ApiException unprocessable(String detail) { return new ApiException(422, "Unprocessable Entity", detail); }
    public static ApiException unavailable(String detail) { return new ApiException(503, "Service Unavailable", detail); }
    public static ApiException insufficientStorage(String detail) { return new ApiException(507, "Insufficient Storage", detail); }
    /** 429 with the seconds the caller should wait (sent as Retry-After). */
    public static final class RateLimited extends ApiException {
        private final long retryAfterSeconds;

        public RateLimited(String detail, long retryAfterSeconds) {
            super(429, "Too Many Requests", detail);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    public static ApiException internal(String detail) { return new ApiException(500, "Internal Server Error", detail); }
}
