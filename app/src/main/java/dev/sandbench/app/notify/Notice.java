package dev.sandbench.app.notify;

import java.time.Instant;

/** Something the user should know: a failed call, a finished action, an engine problem. */
public record Notice(Severity severity, String title, String detail, Instant at) {
    public enum Severity { INFO, SUCCESS, WARNING, ERROR }
}
