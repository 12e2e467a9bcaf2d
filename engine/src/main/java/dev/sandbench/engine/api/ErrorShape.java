package dev.sandbench.engine.api;

import io.javalin.http.Context;

/**
 * How a group of routes words its failures. The engine's own routes answer problem+json; a
 * compatible API answers in the body its SDK parses, so that SDK raises what its users expect.
 */
@FunctionalInterface
public interface ErrorShape {
    void write(Context ctx, int status, String title, String detail);

    /** The engine's own shape: {@code application/problem+json} (RFC 9457). */
    ErrorShape PROBLEM = HttpApi::problem;
}
