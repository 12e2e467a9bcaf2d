package dev.sandbench.client.account;

import java.util.Map;

/** The plan of a self-hosted engine, and current usage. */
public record Subscription(String plan, String status, Map<String, Object> usage) {}
