package dev.sandbench.client.alerts;

import java.util.List;

/**
 * When alerts of one type are raised, for the caller's account. {@code threshold} means what the
 * rule's description says (USD, seconds, a trust score); null where the type takes none.
 */
public record AlertRule(String id, String type, boolean enabled, List<String> channels, Double threshold,
                        int cooldownMinutes, Severity severity, String description) {}
