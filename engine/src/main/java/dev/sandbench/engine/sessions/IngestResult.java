package dev.sandbench.engine.sessions;

import java.util.List;

/**
 * The contract's {@code accepted}/{@code errors} counts, and what was wrong with each refused
 * event. An event whose id was already stored counts as accepted (retries are safe).
 */
public record IngestResult(int accepted, int errors, List<Problem> problems) {
    public record Problem(int index, String detail) {}
}
