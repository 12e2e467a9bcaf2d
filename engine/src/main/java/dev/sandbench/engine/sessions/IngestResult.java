package dev.sandbench.engine.sessions;

import java.util.List;

/**
 * The contract's {@code accepted}/{@code errors} counts, and what was wrong with each refused
 * event. An event whose id was already stored counts as accepted (retries are safe).
 */
public record IngestResult(int accepted, int errors, List<Problem> problems) {
    public record Problem(int index, String detail) {}

    /**
     * The contract's answer, exactly {@code accepted} and {@code errors}: Caged's SDK builds
     * {@code IngestResponse(**answer)}, which fails on any other key. The problems are sent
     * only to clients that ask for them ({@code ?detail=full}).
     */
    public Counts counts() {
        return new Counts(accepted, errors);
    }

    /** The contract's IngestResponse. */
    public record Counts(int accepted, int errors) {}
}
