package dev.sandbench.engine.runtime;

/** Resource limits for one sandbox, as requested. */
public record Limits(double cpus, long memoryBytes, long pids, long diskBytes) {}
