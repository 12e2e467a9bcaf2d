package dev.sandbench.engine.alerts;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the engine raises alerts for, each with the defaults of its rule. A rule's id is its
 * type's wire name, so {@code PUT /v1/alerts/rules/oom_kill} needs no lookup first.
 */
public enum AlertType {
    OOM_KILL("high", null, "a process in a sandbox was killed at the sandbox's memory limit"),
    PIDS_LIMIT("medium", null, "a sandbox hit its process limit (forks refused)"),
    DISK_LIMIT("high", null, "a sandbox reached disk_gb (its writes are refused) or, where the limit is measured, went past it and was stopped"),
    EXEC_TIMEOUT("low", null, "a command or code run was killed at its timeout"),
    COST_OVER_BUDGET("high", null, "a session cost more than its sandbox's budget, or more than the threshold "
            + "(USD; null = the budget only)"),
    SANDBOX_EXPIRING("medium", 300.0, "a sandbox expires within the threshold (seconds)"),
    LOW_TRUST("high", 0.5, "a session's trust score fell below the threshold (0..1)");

    /** Most severe last, so severities compare by ordinal. */
    public static final java.util.List<String> SEVERITIES = java.util.List.of("low", "medium", "high", "critical");

    final String severity;
    final Double threshold;
    final String description;

    AlertType(String severity, Double threshold, String description) {
        this.severity = severity;
        this.threshold = threshold;
        this.description = description;
    }

    public String wire() {
        return name().toLowerCase();
    }

    /** Whether a threshold means anything for this type, and the values it may take. */
    boolean takesThreshold() {
        return this == COST_OVER_BUDGET || this == SANDBOX_EXPIRING || this == LOW_TRUST;
    }

    double minThreshold() {
        return this == SANDBOX_EXPIRING ? 1 : 0;
    }

    double maxThreshold() {
        return switch (this) {
            case LOW_TRUST -> 1;
            case SANDBOX_EXPIRING -> 86_400;
            default -> 1_000_000;
        };
    }

    public static Optional<AlertType> of(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(wire)).findFirst();
    }

    static int rank(String severity) {
        return SEVERITIES.indexOf(severity);
    }
}
