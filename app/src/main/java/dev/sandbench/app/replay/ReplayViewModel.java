package dev.sandbench.app.replay;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * The state of a replay: the playhead (display time, idle gaps compressed), playing and speed,
 * the visible window of the timeline, which event is selected, and the event list after lane
 * filters and search. Playback is driven by {@link #tick} from the view's animation timer.
 * Use on the UI thread.
 */
public final class ReplayViewModel {
    public static final List<Double> SPEEDS = List.of(0.5, 1.0, 2.0, 4.0, 8.0);
    private final ReplayModel model;
    private final DoubleProperty playhead = new SimpleDoubleProperty(this, "playhead", 0);
    private final BooleanProperty playing = new SimpleBooleanProperty(this, "playing", false);
    private final DoubleProperty speed = new SimpleDoubleProperty(this, "speed", 1);
    private final DoubleProperty viewStart = new SimpleDoubleProperty(this, "viewStart", 0);
    private final DoubleProperty viewEnd = new SimpleDoubleProperty(this, "viewEnd", 1);
    private final ReadOnlyIntegerWrapper current = new ReadOnlyIntegerWrapper(this, "current", -1);
    private final IntegerProperty selected = new SimpleIntegerProperty(this, "selected", -1);
    private final ObservableSet<Lane> hidden = FXCollections.observableSet(EnumSet.noneOf(Lane.class));
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObservableList<Integer> visible = FXCollections.observableArrayList();

    public ReplayViewModel(ReplayModel model) {
        this.model = model;
        fit();
        playhead.addListener((o, a, b) -> {
            int i = model.indexAt(b.doubleValue());
            current.set(i);
            selected.set(i);
        });
        current.set(model.indexAt(0));
        selected.set(current.get());
        hidden.addListener((SetChangeListener<Lane>) c -> refilter());
        search.addListener((o, a, b) -> refilter());
        refilter();
    }

    /** Advances playback by {@code elapsedMs} of wall time at the chosen speed; stops at the end. */
    public void tick(double elapsedMs) {
        if (!playing.get()) return;
        double next = playhead.get() + elapsedMs * speed.get();
        if (next >= model.duration()) {
            next = model.duration();
            playing.set(false);
        }
        playhead.set(next);
        follow();
    }

    public void togglePlay() {
        if (!playing.get() && playhead.get() >= model.duration()) playhead.set(0);
        playing.set(!playing.get() && model.size() > 0);
    }

    /** Left/right: moves the playhead by a fiftieth of the visible window. */
    public void step(int direction) {
        playing.set(false);
        seek(playhead.get() + direction * (viewEnd.get() - viewStart.get()) / 50);
    }

    /** [ and ]: the previous or next event among those listed (lane filters and search apply). */
    public void marker(int direction) {
        playing.set(false);
        int at = current.get();
        int k = java.util.Collections.binarySearch(visible, at);
        if (direction > 0) {
            int next = k >= 0 ? k + 1 : -k - 1;
            if (next < visible.size()) goTo(visible.get(next));
        } else {
            if (k >= 0 && playhead.get() > model.display(at)) {
                goTo(at); // between events: back to the one just passed
                return;
            }
            int prev = k >= 0 ? k - 1 : -k - 2;
            if (prev >= 0) goTo(visible.get(prev));
        }
    }

    /** e: the next error or flagged event after the current one (wrapping round). */
    public boolean nextError() {
        int i = model.nextError(current.get());
        if (i < 0) return false;
        playing.set(false);
        goTo(i);
        return true;
    }

    /** 0-9: jumps to 0%-90% of the session. */
    public void jumpPercent(int tenths) {
        playing.set(false);
        seek(model.duration() * tenths / 10.0);
    }

    /** Moves the playhead onto an event (selecting it). */
    public void goTo(int index) {
        if (index < 0 || index >= model.size()) return;
        playhead.set(model.display(index));
        // Several events can share a time: the chosen one, not the last of them, is selected.
        current.set(index);
        selected.set(index);
        follow();
    }

    /** Moves the playhead to a display time (clamped). */
    public void seek(double display) {
        playhead.set(Math.max(0, Math.min(model.duration(), display)));
        follow();
    }

    /** Zooms by {@code factor} (below 1: in) around display time {@code anchor}. */
    public void zoom(double factor, double anchor) {
        double span = viewEnd.get() - viewStart.get();
        double next = Math.max(minSpan(), Math.min(fullSpan(), span * factor));
        double f = span <= 0 ? 0.5 : (anchor - viewStart.get()) / span;
        setView(anchor - f * next, anchor - f * next + next);
    }

    /** Pans by a display-time distance. */
    public void pan(double delta) {
        setView(viewStart.get() + delta, viewEnd.get() + delta);
    }

    /** Shows the whole session. */
    public void fit() {
        double pad = fullSpan() * 0.02;
        viewStart.set(-pad);
        viewEnd.set(fullSpan() - pad);
    }

    private void setView(double start, double end) {
        double span = end - start;
        double pad = fullSpan() * 0.02;
        if (start < -pad) {
            start = -pad;
            end = start + span;
        }
        if (end > model.duration() + pad) {
            end = model.duration() + pad;
            start = Math.max(-pad, end - span);
        }
        viewStart.set(start);
        viewEnd.set(end);
    }

    /** Keeps the playhead on screen while it plays or jumps. */
    private void follow() {
        double span = viewEnd.get() - viewStart.get();
        double p = playhead.get();
        if (p < viewStart.get() || p > viewEnd.get()) setView(p - span * 0.1, p - span * 0.1 + span);
    }

    private double fullSpan() {
        return Math.max(1000, model.duration() * 1.04);
    }

    private double minSpan() {
        return 50;
    }

    private void refilter() {
        String q = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        Integer[] keep = new Integer[model.size()];
        int n = 0;
        for (int i = 0; i < model.size(); i++) {
            if (hidden.contains(model.lane(i)) && !(model.error(i) && !hidden.contains(Lane.ALERT))) continue;
            if (!q.isEmpty() && !model.searchText(i).contains(q)) continue;
            keep[n++] = i;
        }
        visible.setAll(java.util.Arrays.asList(keep).subList(0, n));
    }

    /** Whether event {@code i} is drawn on the timeline (lane shown; search does not hide markers). */
    public boolean shown(int i) {
        return !hidden.contains(model.lane(i));
    }

    public String timeLabel() {
        return clock(model.realAt(playhead.get())) + " / " + clock(model.realAt(model.duration()));
    }

    /** m:ss.s of a duration in ms (h:mm:ss past an hour). */
    public static String clock(double ms) {
        long t = Math.round(ms / 100);
        long tenths = t % 10;
        long s = t / 10;
        if (s >= 3600) return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d.%d", s / 60, s % 60, tenths);
    }

    public ReplayModel model() { return model; }
    public DoubleProperty playheadProperty() { return playhead; }
    public BooleanProperty playingProperty() { return playing; }
    public DoubleProperty speedProperty() { return speed; }
    public DoubleProperty viewStartProperty() { return viewStart; }
    public DoubleProperty viewEndProperty() { return viewEnd; }
    public ReadOnlyIntegerProperty currentProperty() { return current.getReadOnlyProperty(); }
    public IntegerProperty selectedProperty() { return selected; }
    public ObservableSet<Lane> hiddenLanes() { return hidden; }
    public StringProperty searchProperty() { return search; }
    /** Indexes of the events listed (filters and search applied), in time order. */
    public ObservableList<Integer> visibleEvents() { return visible; }
}
