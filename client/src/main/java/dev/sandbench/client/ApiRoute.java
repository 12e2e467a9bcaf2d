package dev.sandbench.client;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The engine route a client method calls, as {@code "METHOD /v1/path/{param}"}. The test suite
 * compares these with the engine's OpenAPI document, so a route without a client method fails.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ApiRoute {
    String value();
}
