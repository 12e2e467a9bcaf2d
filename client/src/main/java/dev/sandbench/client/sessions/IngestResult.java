package dev.sandbench.client.sessions;

import java.util.List;

/** How many events were stored, how many refused, and why. */
public record IngestResult(int accepted, int errors, List<Problem> problems) {
    public record Problem(int index, String detail) {}
}
