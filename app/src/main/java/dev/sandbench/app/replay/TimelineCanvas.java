package dev.sandbench.app.replay;

import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.EnumMap;
import java.util.Map;

/**
 * The replay timeline: one lane per event family with a marker per event, idle gaps as bands,
 * a time axis, the cumulative cost and tokens below, and the playhead. Two canvases: the lanes
 * are redrawn when the view, filters or size change; the playhead layer on every frame, so
 * scrubbing a 100,000-event session redraws one line. Drag to scrub, click a marker to select
 * it, wheel to pan, Ctrl+wheel to zoom.
 */
final class TimelineCanvas {
    static final double LABEL_W = 112;
    static final double AXIS_H = 22;
    static final double LANE_H = 19;
    static final double COST_H = 40;
    private static final Lane[] LANES = Lane.values();
    private static final Map<Lane, Color> COLORS = new EnumMap<>(Lane.class);

    static {
        COLORS.put(Lane.LLM, Color.web("#8b5cf6"));
        COLORS.put(Lane.TOOL, Color.web("#3b82f6"));
        COLORS.put(Lane.COMMAND, Color.web("#0d9488"));
        COLORS.put(Lane.FILE, Color.web("#d97706"));
        COLORS.put(Lane.TERMINAL, Color.web("#64748b"));
        COLORS.put(Lane.OTHER, Color.web("#94a3b8"));
        COLORS.put(Lane.ALERT, Color.web("#dc2626"));
    }

    private static final Color ERROR = Color.web("#dc2626");
    private final ReplayViewModel vm;
    private final ReplayModel model;
    private final Canvas base = new Canvas();
    private final Canvas overlay = new Canvas();
    private final Pane pane = new Pane(base, overlay) {
        @Override
        protected void layoutChildren() {
            double w = Math.floor(getWidth());
            double h = Math.floor(getHeight());
            if (base.getWidth() != w || base.getHeight() != h) {
                base.setWidth(w);
                base.setHeight(h);
                overlay.setWidth(w);
                overlay.setHeight(h);
                redraw();
            }
        }
    };
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark", false);
    private double pressX = Double.NaN;
    private boolean dragged;
    /** FX-thread time of the last full redraw, for the benchmark. */
    private long lastBaseNanos;

    TimelineCanvas(ReplayViewModel vm) {
        this.vm = vm;
        this.model = vm.model();
        double h = AXIS_H + LANES.length * LANE_H + COST_H + 6;
        pane.setMinHeight(h);
        pane.setPrefHeight(h);
        pane.getStyleClass().add("replay-timeline");
        pane.setId("replayTimeline");
        pane.setFocusTraversable(true);
        overlay.setMouseTransparent(true);
        InvalidationListener all = o -> redraw();
        vm.viewStartProperty().addListener(all);
        vm.viewEndProperty().addListener(all);
        vm.hiddenLanes().addListener(all);
        dark.addListener(all);
        InvalidationListener head = o -> drawOverlay();
        vm.playheadProperty().addListener(head);
        vm.selectedProperty().addListener(head);
        pane.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        pane.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        pane.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        pane.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
    }

    Node node() {
        return pane;
    }

    BooleanProperty darkProperty() {
        return dark;
    }

    long lastBaseNanos() {
        return lastBaseNanos;
    }

    private double plotWidth() {
        return Math.max(1, base.getWidth() - LABEL_W - 8);
    }

    double toX(double display) {
        return LABEL_W + (display - vm.viewStartProperty().get()) / span() * plotWidth();
    }

    double toDisplay(double x) {
        return vm.viewStartProperty().get() + (x - LABEL_W) / plotWidth() * span();
    }

    private double span() {
        return Math.max(1, vm.viewEndProperty().get() - vm.viewStartProperty().get());
    }

    private static double laneY(int lane) {
        return AXIS_H + lane * LANE_H;
    }

    void redraw() {
        long start = System.nanoTime();
        GraphicsContext g = base.getGraphicsContext2D();
        double w = base.getWidth();
        double h = base.getHeight();
        if (w <= 0 || h <= 0) return;
        boolean dk = dark.get();
        Color bg = dk ? Color.web("#0d1117") : Color.web("#ffffff");
        Color stripe = dk ? Color.web("#161b22") : Color.web("#f6f8fa");
        Color fg = dk ? Color.web("#c9d1d9") : Color.web("#24292f");
        Color muted = dk ? Color.web("#8b949e") : Color.web("#57606a");
        g.setFill(bg);
        g.fillRect(0, 0, w, h);
        g.setFont(Font.font(11));
        for (int l = 0; l < LANES.length; l++) {
            if (l % 2 == 0) {
                g.setFill(stripe);
                g.fillRect(0, laneY(l), w, LANE_H);
            }
            boolean hidden = vm.hiddenLanes().contains(LANES[l]);
            g.setFill(hidden ? muted.deriveColor(0, 1, 1, 0.5) : COLORS.get(LANES[l]));
            g.fillRoundRect(6, laneY(l) + LANE_H / 2 - 4, 8, 8, 3, 3);
            g.setFill(hidden ? muted : fg);
            g.setTextBaseline(VPos.CENTER);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(LANES[l].title(), 20, laneY(l) + LANE_H / 2);
        }
        g.save();
        g.beginPath();
        g.rect(LABEL_W, 0, plotWidth() + 8, h);
        g.clip();
        drawGaps(g, dk, muted);
        drawAxis(g, muted);
        drawMarkers(g);
        drawCost(g, dk, muted);
        g.restore();
        lastBaseNanos = System.nanoTime() - start;
        drawOverlay();
    }

    private void drawGaps(GraphicsContext g, boolean dk, Color muted) {
        double bandH = LANES.length * LANE_H;
        for (int i = 0; i < model.gapCount(); i++) {
            double x0 = toX(model.gapDisplayStart(i));
            double x1 = toX(model.gapDisplayStart(i) + IdleGaps.SHOWN_MS);
            if (x1 < LABEL_W || x0 > base.getWidth()) continue;
            g.setFill(dk ? Color.web("#30363d", 0.7) : Color.web("#d0d7de", 0.6));
            g.fillRect(x0, AXIS_H, Math.max(2, x1 - x0), bandH + COST_H);
            if (x1 - x0 > 40) {
                g.setFill(muted);
                g.setTextAlign(TextAlignment.CENTER);
                g.fillText("\u22ef " + ReplayViewModel.clock(model.gapLength(i)).replaceAll("\\.\\d$", "") + " idle",
                        (x0 + x1) / 2, AXIS_H + bandH + COST_H / 2);
            }
        }
    }

    private void drawAxis(GraphicsContext g, Color muted) {
        double[] steps = {100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
                900_000, 1_800_000, 3_600_000};
        double step = steps[steps.length - 1];
        for (double s : steps) {
            if (s / span() * plotWidth() >= 90) {
                step = s;
                break;
            }
        }
        g.setStroke(muted.deriveColor(0, 1, 1, 0.35));
        g.setLineWidth(1);
        g.setFill(muted);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        double first = Math.ceil(vm.viewStartProperty().get() / step) * step;
        for (double d = Math.max(0, first); d <= vm.viewEndProperty().get(); d += step) {
            double x = Math.round(toX(d)) + 0.5;
            g.strokeLine(x, AXIS_H - 5, x, AXIS_H + LANES.length * LANE_H);
            g.fillText(ReplayViewModel.clock(model.realAt(d)), x + 3, AXIS_H / 2);
        }
    }

    private void drawMarkers(GraphicsContext g) {
        int n = model.size();
        if (n == 0) return;
        int from = Math.max(0, model.indexAt(vm.viewStartProperty().get()));
        int to = Math.min(n - 1, model.indexAt(vm.viewEndProperty().get()) + 1);
        double[] lastX = new double[LANES.length];
        java.util.Arrays.fill(lastX, -10);
        double wide = Math.max(3, Math.min(8, 100.0 / span() * plotWidth() / 10));
        boolean alertsShown = !vm.hiddenLanes().contains(Lane.ALERT);
        // Ordinary events first, one marker per pixel column and lane; errors on top, always.
        for (int i = from; i <= to; i++) {
            Lane lane = model.lane(i);
            if (!vm.shown(i) || model.error(i)) continue;
            double x = Math.floor(toX(model.display(i)));
            int l = lane.ordinal();
            if (x - lastX[l] < 1) continue;
            lastX[l] = x;
            g.setFill(COLORS.get(lane));
            g.fillRect(x - wide / 2, laneY(l) + 3, wide, LANE_H - 6);
        }
        g.setFill(ERROR);
        g.setStroke(ERROR);
        for (int i = from; i <= to; i++) {
            if (!model.error(i)) continue;
            double x = Math.floor(toX(model.display(i)));
            if (vm.shown(i) && model.lane(i) != Lane.ALERT) {
                int l = model.lane(i).ordinal();
                g.fillRect(x - wide / 2 - 1, laneY(l) + 2, wide + 2, LANE_H - 4);
            }
            if (alertsShown) {
                double y = laneY(Lane.ALERT.ordinal());
                g.fillPolygon(new double[]{x - 6, x + 6, x}, new double[]{y + LANE_H - 4, y + LANE_H - 4, y + 4}, 3);
            }
        }
    }

    private void drawCost(GraphicsContext g, boolean dk, Color muted) {
        double top = AXIS_H + LANES.length * LANE_H + 4;
        double bottom = top + COST_H - 8;
        double maxCost = model.totalCost();
        long maxTokens = model.totalTokens();
        g.setFill(muted);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        if (maxCost <= 0 && maxTokens <= 0) return;
        int w = (int) plotWidth();
        double[] xs = new double[w + 2];
        double[] costY = new double[w + 2];
        double[] tokY = new double[w + 2];
        for (int px = 0; px <= w; px++) {
            int i = model.indexAt(toDisplay(LABEL_W + px));
            xs[px] = LABEL_W + px;
            costY[px] = bottom - (maxCost <= 0 ? 0 : model.costAt(i) / maxCost * (bottom - top));
            tokY[px] = bottom - (maxTokens <= 0 ? 0 : model.tokensAt(i) / (double) maxTokens * (bottom - top));
        }
        xs[w + 1] = LABEL_W + w;
        costY[w + 1] = bottom;
        tokY[w + 1] = bottom;
        Color cost = Color.web("#16a34a");
        if (maxCost > 0) {
            g.setFill(cost.deriveColor(0, 1, 1, dk ? 0.25 : 0.18));
            double[] px = java.util.Arrays.copyOf(xs, w + 3);
            double[] py = java.util.Arrays.copyOf(costY, w + 3);
            px[w + 2] = LABEL_W;
            py[w + 2] = bottom;
            g.fillPolygon(px, py, w + 3);
            g.setStroke(cost);
            g.setLineWidth(1.5);
            g.strokePolyline(xs, costY, w + 1);
        }
        if (maxTokens > 0) {
            g.setStroke(Color.web("#8b5cf6"));
            g.setLineWidth(1);
            g.setLineDashes(4, 3);
            g.strokePolyline(xs, tokY, w + 1);
            g.setLineDashes(null);
        }
    }

    private void drawOverlay() {
        GraphicsContext g = overlay.getGraphicsContext2D();
        double w = overlay.getWidth();
        double h = overlay.getHeight();
        g.clearRect(0, 0, w, h);
        if (w <= 0) return;
        boolean dk = dark.get();
        Color fg = dk ? Color.web("#c9d1d9") : Color.web("#24292f");
        g.setFill(dk ? Color.web("#161b22") : Color.web("#ffffff"));
        g.fillRect(0, AXIS_H + LANES.length * LANE_H + 2, LABEL_W - 2, COST_H);
        int cur = vm.currentProperty().get();
        g.setFont(Font.font(11));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.setFill(Color.web("#16a34a"));
        g.fillText(String.format(java.util.Locale.ROOT, "$%.4f", model.costAt(cur)), 6, AXIS_H + LANES.length * LANE_H + 6);
        g.setFill(Color.web("#8b5cf6"));
        g.fillText(tokens(model.tokensAt(cur)) + " tokens", 6, AXIS_H + LANES.length * LANE_H + 20);
        int sel = vm.selectedProperty().get();
        g.save();
        g.beginPath();
        g.rect(LABEL_W - 6, 0, w - LABEL_W + 6, h);
        g.clip();
        if (sel >= 0 && sel < model.size()) {
            double x = Math.floor(toX(model.display(sel)));
            int l = model.lane(sel).ordinal();
            g.setStroke(fg);
            g.setLineWidth(1.5);
            g.strokeRect(x - 6, laneY(l) + 1, 12, LANE_H - 2);
        }
        double x = Math.round(toX(vm.playheadProperty().get())) + 0.5;
        Color head = dk ? Color.web("#f0f6fc") : Color.web("#0969da");
        g.setStroke(head);
        g.setLineWidth(1.5);
        g.strokeLine(x, AXIS_H - 4, x, h - 4);
        g.setFill(head);
        g.fillPolygon(new double[]{x - 6, x + 6, x}, new double[]{AXIS_H - 12, AXIS_H - 12, AXIS_H - 3}, 3);
        g.restore();
    }

    private static String tokens(long n) {
        return n >= 1_000_000 ? String.format(java.util.Locale.ROOT, "%.1fM", n / 1e6)
                : n >= 10_000 ? (n / 1000) + "k" : Long.toString(n);
    }

    private void pressed(MouseEvent e) {
        pane.requestFocus();
        pressX = e.getX();
        dragged = false;
        if (e.getX() >= LABEL_W) {
            vm.playingProperty().set(false);
            vm.seek(toDisplay(e.getX()));
        } else {
            int l = (int) ((e.getY() - AXIS_H) / LANE_H);
            if (l >= 0 && l < LANES.length) {
                // Clicking a lane's title shows or hides it.
                if (!vm.hiddenLanes().remove(LANES[l])) vm.hiddenLanes().add(LANES[l]);
            }
        }
    }

    private void dragged(MouseEvent e) {
        if (Double.isNaN(pressX) || pressX < LABEL_W) return;
        if (Math.abs(e.getX() - pressX) > 2) dragged = true;
        vm.seek(toDisplay(Math.max(LABEL_W, e.getX())));
    }

    private void released(MouseEvent e) {
        if (!dragged && pressX >= LABEL_W) selectNear(e.getX(), e.getY());
        pressX = Double.NaN;
    }

    /** Selects the event nearest the click in the lane under it, within a few pixels. */
    private void selectNear(double x, double y) {
        int l = (int) ((y - AXIS_H) / LANE_H);
        if (l < 0 || l >= LANES.length) return;
        Lane lane = LANES[l];
        int from = Math.max(0, model.indexAt(toDisplay(x - 6)));
        int to = Math.min(model.size() - 1, model.indexAt(toDisplay(x + 6)));
        int best = -1;
        double bestDx = 7;
        for (int i = from; i <= to; i++) {
            boolean inLane = model.lane(i) == lane || (lane == Lane.ALERT && model.error(i));
            if (!inLane || !vm.shown(i) && lane != Lane.ALERT) continue;
            double dx = Math.abs(toX(model.display(i)) - x);
            if (dx < bestDx) {
                bestDx = dx;
                best = i;
            }
        }
        if (best >= 0) vm.goTo(best);
    }

    private void scrolled(ScrollEvent e) {
        if (e.isControlDown() || e.isMetaDown()) {
            vm.zoom(e.getDeltaY() > 0 ? 0.8 : 1.25, toDisplay(e.getX()));
        } else {
            double d = Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY()) ? e.getDeltaX() : e.getDeltaY();
            vm.pan(-d / plotWidth() * span());
        }
        e.consume();
    }
}
