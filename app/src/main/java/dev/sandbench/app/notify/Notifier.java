package dev.sandbench.app.notify;

import dev.sandbench.client.SandbenchException;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The notifications shown as non-blocking toasts and kept in a list. Errors carry the engine's
 * own detail (its problem+json), not a stack trace. Use on the UI thread.
 */
public final class Notifier {
    private static final int KEEP = 200;
    private final ObservableList<Notice> notices = FXCollections.observableArrayList();

    public ObservableList<Notice> notices() {
        return notices;
    }

    public void info(String title, String detail) {
        add(new Notice(Notice.Severity.INFO, title, detail, Instant.now()));
    }

    public void success(String title, String detail) {
        add(new Notice(Notice.Severity.SUCCESS, title, detail, Instant.now()));
    }

    public void warning(String title, String detail) {
        add(new Notice(Notice.Severity.WARNING, title, detail, Instant.now()));
    }

    /** "Could not pause sandbox": "sandbox sbx_x is stopped; start it first". */
    public void error(String title, Throwable failure) {
        add(new Notice(Notice.Severity.ERROR, title, describe(failure), Instant.now()));
    }

    private void add(Notice n) {
        notices.add(n);
        if (notices.size() > KEEP) notices.remove(0, notices.size() - KEEP);
    }

    /** What went wrong, in the words of whoever knows best (the engine when it answered). */
    public static String describe(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) return "cancelled";
        if (t instanceof SandbenchException se && se.problem() != null) {
            String d = se.problem().detail();
            String title = se.problem().title();
            return d == null || d.isBlank() ? title : d;
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
