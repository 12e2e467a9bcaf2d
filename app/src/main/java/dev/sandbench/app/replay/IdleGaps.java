package dev.sandbench.app.replay;

/**
 * Compresses idle time: a pause between events longer than {@link #THRESHOLD_MS} is shown as
 * {@link #SHOWN_MS} of timeline, so a session with an hour of waiting still plays and reads well.
 * Maps real time (ms since the first event) to display time and back; both are monotonic.
 */
final class IdleGaps {
    static final long THRESHOLD_MS = 5_000;
    static final long SHOWN_MS = 1_000;
    private final long[] start;   // real start of each gap
    private final long[] end;     // real end of each gap
    private final long[] removed; // display time removed by the gaps before and including this one

    private IdleGaps(long[] start, long[] end) {
        this.start = start;
        this.end = end;
        this.removed = new long[start.length];
        long sum = 0;
        for (int i = 0; i < start.length; i++) {
            sum += (end[i] - start[i]) - SHOWN_MS;
            removed[i] = sum;
        }
    }

    /** Finds the gaps between consecutive times (sorted, ms). */
    static IdleGaps of(long[] times, int n) {
        int count = 0;
        for (int i = 1; i < n; i++) if (times[i] - times[i - 1] > THRESHOLD_MS) count++;
        long[] s = new long[count];
        long[] e = new long[count];
        int k = 0;
        for (int i = 1; i < n; i++) {
            if (times[i] - times[i - 1] > THRESHOLD_MS) {
                s[k] = times[i - 1];
                e[k++] = times[i];
            }
        }
        return new IdleGaps(s, e);
    }

    int count() { return start.length; }
    long realStart(int i) { return start[i]; }
    long realEnd(int i) { return end[i]; }

    /** Where real time {@code t} is drawn. */
    double toDisplay(double t) {
        int i = lastGapStartingBefore(t);
        if (i < 0) return t;
        double before = i == 0 ? 0 : removed[i - 1];
        if (t >= end[i]) return t - removed[i];
        // inside the gap: squeezed linearly into SHOWN_MS
        double f = (t - start[i]) / (double) (end[i] - start[i]);
        return start[i] - before + f * SHOWN_MS;
    }

    /** The real time drawn at display time {@code d}. */
    double toReal(double d) {
        for (int i = 0; i < start.length; i++) {
            double before = i == 0 ? 0 : removed[i - 1];
            double gapDisplayStart = start[i] - before;
            if (d < gapDisplayStart) return d + before;
            if (d <= gapDisplayStart + SHOWN_MS) {
                return start[i] + (d - gapDisplayStart) / SHOWN_MS * (end[i] - start[i]);
            }
        }
        return d + (start.length == 0 ? 0 : removed[start.length - 1]);
    }

    double displayStart(int i) {
        return toDisplay(start[i]);
    }

    private int lastGapStartingBefore(double t) {
        int lo = 0;
        int hi = start.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] < t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
