package dev.sandbench.app.replay;

import dev.sandbench.terminal.ReplayTerminalView;

import java.util.List;
import java.util.Map;

/**
 * Keeps the replay's terminal in step with the playhead: moving forward feeds the output recorded
 * since the last position; moving back resets the terminal and feeds everything up to the playhead.
 * Shows the most recent terminal opened at or before the playhead.
 */
final class TerminalSync {
    private final ReplayModel model;
    private final ReplayTerminalView view;
    /** Characters of output replayed after a jump: some screens' worth, enough to rebuild what is visible. */
    static final long MAX_REPLAY = 32 * 1024;
    private String terminal;
    private int fed;

    TerminalSync(ReplayModel model, ReplayTerminalView view) {
        this.model = model;
        this.view = view;
    }

    void moveTo(double playhead) {
        String which = terminalAt(playhead);
        List<ReplayModel.Chunk> chunks = which == null ? List.of() : model.terminals().get(which);
        int upTo = upTo(chunks, playhead);
        if (!java.util.Objects.equals(which, terminal) || upTo < fed) {
            view.reset();
            terminal = which;
            // After a jump back, what the screen shows comes from the last output before the playhead:
            // start from at most MAX_REPLAY characters back instead of replaying hours of output.
            fed = upTo;
            long chars = 0;
            while (fed > 0 && chars < MAX_REPLAY) chars += chunks.get(--fed).text().length();
        }
        if (upTo > fed) {
            StringBuilder b = new StringBuilder();
            for (int i = fed; i < upTo; i++) b.append(chunks.get(i).text());
            view.feed(b.toString());
            fed = upTo;
        }
    }

    /** How many chunks are at or before the playhead (binary search: chunks are in time order). */
    private static int upTo(List<ReplayModel.Chunk> chunks, double playhead) {
        int lo = 0;
        int hi = chunks.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (chunks.get(mid).at() <= playhead) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The terminal whose first output is the latest at or before the playhead (the first one before any). */
    private String terminalAt(double playhead) {
        String latest = null;
        double latestAt = Double.NEGATIVE_INFINITY;
        String first = null;
        double firstAt = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, List<ReplayModel.Chunk>> t : model.terminals().entrySet()) {
            if (t.getValue().isEmpty()) continue;
            double at = t.getValue().get(0).at();
            if (at <= playhead && at > latestAt) {
                latest = t.getKey();
                latestAt = at;
            }
            if (at < firstAt) {
                first = t.getKey();
                firstAt = at;
            }
        }
        return latest != null ? latest : first;
    }
}
