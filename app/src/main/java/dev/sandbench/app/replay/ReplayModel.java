package dev.sandbench.app.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.client.sessions.AgentSession;
import dev.sandbench.client.sessions.ReplayEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session laid out for replay: events in time order with their lane, display time (idle gaps
 * compressed), label, error flag, and the running cost and token totals; plus each terminal's
 * output as timed chunks. Built once, off the FX thread, as flat arrays so 100,000 events cost
 * little to hold and to draw.
 */
public final class ReplayModel {
    /** A piece of recorded terminal output at a display time. */
    public record Chunk(double at, String text) {}

    private final AgentSession session;
    private final List<ReplayEvent> events;
    private final Instant origin;
    private final double[] display;
    private final Lane[] lanes;
    private final boolean[] errors;
    private final String[] labels;
    private final String[] search;
    private final double[] cost;
    private final long[] tokens;
    private final IdleGaps gaps;
    private final double duration;
    private final Map<String, List<Chunk>> terminals = new LinkedHashMap<>();
    private final int[] errorIndexes;

    public ReplayModel(AgentSession session, List<ReplayEvent> events) {
        this.session = session;
        this.events = List.copyOf(events);
        int n = this.events.size();
        origin = n == 0 ? Instant.EPOCH : this.events.get(0).timestamp();
        long[] real = new long[n];
        for (int i = 0; i < n; i++) real[i] = Math.max(0, this.events.get(i).timestamp().toEpochMilli() - origin.toEpochMilli());
        gaps = IdleGaps.of(real, n);
        display = new double[n];
        lanes = new Lane[n];
        errors = new boolean[n];
        labels = new String[n];
        search = new String[n];
        cost = new double[n];
        tokens = new long[n];
        double c = 0;
        long t = 0;
        List<Integer> errs = new ArrayList<>();
        Map<String, Double> opened = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ReplayEvent e = this.events.get(i);
            JsonNode d = e.data() == null ? com.fasterxml.jackson.databind.node.NullNode.instance : e.data();
            display[i] = gaps.toDisplay(real[i]);
            lanes[i] = Lane.of(e.type());
            errors[i] = EventText.error(e.type(), d) || EventText.flagged(d);
            if (errors[i]) errs.add(i);
            c += d.path("cost_usd").asDouble(0);
            t += d.path("tokens_in").asLong(0) + d.path("tokens_out").asLong(0);
            cost[i] = c;
            tokens[i] = t;
            terminal(e, d, real[i], opened);
        }
        errorIndexes = errs.stream().mapToInt(Integer::intValue).toArray();
        duration = n == 0 ? 0 : display[n - 1];
    }

    /** Collects a terminal's output: chunk times are seconds since its terminal_open. */
    private void terminal(ReplayEvent e, JsonNode d, long real, Map<String, Double> opened) {
        String id = d.path("terminal_id").asText(null);
        if (id == null) return;
        if (e.type().equals("terminal_open")) {
            opened.put(id, (double) real);
            terminals.computeIfAbsent(id, k -> new ArrayList<>());
        } else if (e.type().equals("terminal_io")) {
            double base = opened.getOrDefault(id, (double) real);
            List<Chunk> list = terminals.computeIfAbsent(id, k -> new ArrayList<>());
            for (JsonNode ch : d.path("chunks")) {
                if (!"o".equals(ch.path(1).asText())) continue;
                double at = gaps.toDisplay(Math.min(real, base + ch.path(0).asDouble() * 1000));
                list.add(new Chunk(at, ch.path(2).asText()));
            }
        }
    }

    public AgentSession session() { return session; }
    public int size() { return events.size(); }
    public ReplayEvent event(int i) { return events.get(i); }
    public double display(int i) { return display[i]; }
    public Lane lane(int i) { return lanes[i]; }
    public boolean error(int i) { return errors[i]; }
    /** One line about the event (made when first asked for: most of a long session is never listed on screen). */
    public String label(int i) {
        String l = labels[i];
        if (l == null) {
            ReplayEvent e = events.get(i);
            l = EventText.label(e.type(), data(e));
            labels[i] = l;
        }
        return l;
    }

    /** What a search matches, lower case (made when first searched). */
    public String searchText(int i) {
        String t = search[i];
        if (t == null) {
            ReplayEvent e = events.get(i);
            t = EventText.searchable(e.type(), data(e), label(i));
            search[i] = t;
        }
        return t;
    }

    private static JsonNode data(ReplayEvent e) {
        return e.data() == null ? com.fasterxml.jackson.databind.node.NullNode.instance : e.data();
    }
    public double costAt(int i) { return i < 0 ? 0 : cost[i]; }
    public long tokensAt(int i) { return i < 0 ? 0 : tokens[i]; }
    public double totalCost() { return events.isEmpty() ? 0 : cost[events.size() - 1]; }
    public long totalTokens() { return events.isEmpty() ? 0 : tokens[events.size() - 1]; }
    /** Display length of the session, in ms (idle gaps compressed). */
    public double duration() { return duration; }
    public Instant origin() { return origin; }
    public Map<String, List<Chunk>> terminals() { return terminals; }
    int gapCount() { return gaps.count(); }
    double gapDisplayStart(int i) { return gaps.displayStart(i); }
    long gapLength(int i) { return gaps.realEnd(i) - gaps.realStart(i); }

    /** Real ms since the first event at display time {@code d}. */
    public double realAt(double d) { return gaps.toReal(d); }

    /** The last event at or before display time {@code d}, or -1. */
    public int indexAt(double d) {
        int lo = 0;
        int hi = display.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (display[mid] <= d) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The first error after event {@code i} (wrapping to the first), or -1 when there is none. */
    public int nextError(int i) {
        for (int e : errorIndexes) if (e > i) return e;
        return errorIndexes.length == 0 ? -1 : errorIndexes[0];
    }

    public int errorCount() { return errorIndexes.length; }
}
