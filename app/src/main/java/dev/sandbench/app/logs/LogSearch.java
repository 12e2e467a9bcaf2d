package dev.sandbench.app.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * Case-insensitive search over the lines of a log: every occurrence, which one is current, and
 * stepping forwards and backwards with wrap-around. Plain Java, no properties.
 */
public final class LogSearch {
    /** One occurrence: characters {@code [start, end)} of line {@code line}. */
    public record Match(int line, int start, int end) { }

    private String query = "";
    private List<String> lines = List.of();
    private final List<Match> matches = new ArrayList<>();
    private int current = -1;

    /** Every occurrence of {@code query} in {@code text}, ignoring case, as {@code [start, end)} pairs. */
    public static List<int[]> ranges(String text, String query) {
        List<int[]> out = new ArrayList<>();
        if (text == null || query == null || query.isEmpty()) return out;
        int n = query.length();
        for (int i = 0; i + n <= text.length(); ) {
            if (text.regionMatches(true, i, query, 0, n)) {
                out.add(new int[] {i, i + n});
                i += n;
            } else {
                i++;
            }
        }
        return out;
    }

    /** Searches for {@code q} from the first line (the first match becomes current). */
    public void setQuery(String q) {
        query = q == null ? "" : q;
        find();
        current = matches.isEmpty() ? -1 : 0;
    }

    /**
     * The log changed (a refresh): finds the matches again and keeps the current one on the same
     * line text where that line is still there (a tail drops old lines and gains new ones).
     */
    public void setLines(List<String> newLines) {
        Match was = current();
        String wasText = was == null ? null : lines.get(was.line());
        lines = List.copyOf(newLines);
        find();
        current = matches.isEmpty() ? -1 : 0;
        if (was == null) return;
        int best = -1;
        for (int i = 0; i < matches.size(); i++) {
            Match m = matches.get(i);
            if (m.start() != was.start() || !lines.get(m.line()).equals(wasText)) continue;
            if (best < 0 || Math.abs(m.line() - was.line()) < Math.abs(matches.get(best).line() - was.line())) best = i;
        }
        if (best >= 0) current = best;
    }

    private void find() {
        matches.clear();
        if (query.isEmpty()) return;
        for (int i = 0; i < lines.size(); i++) {
            for (int[] r : ranges(lines.get(i), query)) matches.add(new Match(i, r[0], r[1]));
        }
    }

    /** Moves to the next match, after the last back to the first; returns the new current one. */
    public Match next() {
        if (matches.isEmpty()) return null;
        current = (current + 1) % matches.size();
        return current();
    }

    /** Moves to the previous match, before the first round to the last. */
    public Match previous() {
        if (matches.isEmpty()) return null;
        current = (current - 1 + matches.size()) % matches.size();
        return current();
    }

    public Match current() {
        return current < 0 ? null : matches.get(current);
    }

    /** 0-based position of the current match, -1 without one. */
    public int currentIndex() {
        return current;
    }

    public int count() {
        return matches.size();
    }

    public String query() {
        return query;
    }

    /** "3 of 17", "No matches", or "" without a query. */
    public String summary() {
        if (query.isEmpty()) return "";
        if (matches.isEmpty()) return "No matches";
        return (current + 1) + " of " + matches.size();
    }
}
