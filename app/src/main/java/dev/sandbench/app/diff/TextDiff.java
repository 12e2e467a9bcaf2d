package dev.sandbench.app.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts, as rows for a unified view and for a side-by-side view. Unchanged
 * runs longer than twice the context are folded into one row saying how many lines they hold.
 */
public final class TextDiff {
    /** What a row shows. */
    public enum Kind { SAME, ADDED, REMOVED, FOLDED }

    /** A unified row: line numbers are 1-based, 0 where the side has no line. */
    public record Row(Kind kind, int oldLine, int newLine, String text) {}

    /** A side-by-side row: either side may be empty (null text) where the other added or removed. */
    public record Pair(Kind left, int oldLine, String oldText, Kind right, int newLine, String newText) {}

    private static final int CONTEXT = 3;
    private final List<Row> unified = new ArrayList<>();
    private final List<Pair> sideBySide = new ArrayList<>();
    private int added;
    private int removed;

    private TextDiff() {}

    /** Compares two texts (null counts as empty: a created or deleted file). */
    public static TextDiff of(String before, String after) {
        TextDiff d = new TextDiff();
        List<String> a = lines(before);
        List<String> b = lines(after);
        Patch<String> patch = DiffUtils.diff(a, b);
        int i = 0;
        int j = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            int start = delta.getSource().getPosition();
            d.same(a, i, j, start - i, i == 0, false);
            j += start - i;
            i = start;
            List<String> gone = delta.getSource().getLines();
            List<String> come = delta.getTarget().getLines();
            for (int k = 0; k < gone.size(); k++) d.unified.add(new Row(Kind.REMOVED, i + k + 1, 0, gone.get(k)));
            for (int k = 0; k < come.size(); k++) d.unified.add(new Row(Kind.ADDED, 0, j + k + 1, come.get(k)));
            for (int k = 0; k < Math.max(gone.size(), come.size()); k++) {
                boolean l = k < gone.size();
                boolean r = k < come.size();
                d.sideBySide.add(new Pair(l ? Kind.REMOVED : Kind.SAME, l ? i + k + 1 : 0, l ? gone.get(k) : null,
                        r ? Kind.ADDED : Kind.SAME, r ? j + k + 1 : 0, r ? come.get(k) : null));
            }
            d.removed += gone.size();
            d.added += come.size();
            i += gone.size();
            j += come.size();
        }
        d.same(a, i, j, a.size() - i, i == 0, true);
        return d;
    }

    /** Adds an unchanged run, folding its middle (or its start, or end, at the edges of the file). */
    private void same(List<String> a, int i, int j, int n, boolean atStart, boolean atEnd) {
        int head = atStart ? 0 : Math.min(CONTEXT, n);
        int tail = atEnd ? 0 : Math.min(CONTEXT, n - head);
        if (atStart && atEnd) head = n; // no change at all: show everything
        if (n - head - tail <= 2) head = n - tail; // folding one or two lines saves nothing
        for (int k = 0; k < head; k++) line(a, i + k, j + k);
        int folded = n - head - tail;
        if (folded > 0) {
            unified.add(new Row(Kind.FOLDED, 0, 0, folded + " unchanged line" + (folded == 1 ? "" : "s")));
            sideBySide.add(new Pair(Kind.FOLDED, 0, folded + " unchanged line" + (folded == 1 ? "" : "s"), Kind.FOLDED, 0, null));
        }
        for (int k = n - tail; k < n; k++) if (k >= head) line(a, i + k, j + k);
    }

    private void line(List<String> a, int i, int j) {
        unified.add(new Row(Kind.SAME, i + 1, j + 1, a.get(i)));
        sideBySide.add(new Pair(Kind.SAME, i + 1, a.get(i), Kind.SAME, j + 1, a.get(i)));
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) return List.of();
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (text.endsWith("\n")) out.remove(out.size() - 1);
        return out;
    }

    public List<Row> unified() { return unified; }
    public List<Pair> sideBySide() { return sideBySide; }
    public int added() { return added; }
    public int removed() { return removed; }

    /** "+3 −1", or "no changes". */
    public String stats() {
        return added == 0 && removed == 0 ? "no changes" : "+" + added + " \u2212" + removed;
    }
}
