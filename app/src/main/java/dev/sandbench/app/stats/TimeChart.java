package dev.sandbench.app.stats;

import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.shape.ClosePath;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A small time-series chart drawn with a few shapes: the last one to ten minutes up to "now", a
 * y axis from zero to a round number, the line broken where nothing was measured (NaN), and a
 * dashed limit line when the values come near it. Colours come from the stylesheet.
 */
final class TimeChart extends Region {
    private static final long[] SPANS_MS = {60_000, 120_000, 300_000, 600_000};
    private static final String[][] SPAN_LABELS = {{"-1 min", "-30 s"}, {"-2 min", "-1 min"}, {"-5 min", "-2.5 min"}, {"-10 min", "-5 min"}};

    private final Label title = new Label();
    private final Label value = new Label();
    private final Path grid = new Path();
    private final Path area = new Path();
    private final Path line = new Path();
    private final Path limitLine = new Path();
    private final Label[] yLabels = {axisLabel(), axisLabel(), axisLabel()};
    private final Label[] xLabels = {axisLabel(), axisLabel(), axisLabel()};
    private final double floorMax;
    private final DoubleFunction<String> unit;
    private long[] times = new long[0];
    private double[] values = new double[0];
    private long now;
    private double limit;

    /**
     * @param floorMax the smallest top of the y axis (100 for CPU %, so idle does not look busy)
     * @param unit     how axis values read ("50 %", "128 MB")
     */
    TimeChart(String titleText, String styleClass, double floorMax, DoubleFunction<String> unit) {
        this.floorMax = floorMax;
        this.unit = unit;
        getStyleClass().addAll("time-chart", styleClass);
        title.setText(titleText);
        title.getStyleClass().add("chart-title");
        value.getStyleClass().add("chart-value");
        grid.getStyleClass().add("grid");
        area.getStyleClass().add("series-area");
        line.getStyleClass().add("series-line");
        limitLine.getStyleClass().add("limit-line");
        for (Path p : new Path[] {grid, area, line, limitLine}) p.setManaged(false);
        getChildren().addAll(grid, area, limitLine, line, title, value);
        getChildren().addAll(yLabels);
        getChildren().addAll(xLabels);
        xLabels[2].setText("now");
        setMinSize(160, 90);
        setPrefSize(320, 150);
    }

    private static Label axisLabel() {
        Label l = new Label();
        l.getStyleClass().add("axis-label");
        l.setManaged(false);
        return l;
    }

    /**
     * @param t     sample times (epoch ms), oldest first
     * @param v     values; NaN where nothing was measured
     * @param nowMs the right edge
     * @param lim   a limit to draw near the values (0: none)
     */
    void setData(long[] t, double[] v, long nowMs, double lim) {
        times = t;
        values = v;
        now = nowMs;
        limit = lim;
        requestLayout();
    }

    void setValueText(String text) {
        value.setText(text);
    }

    String valueText() {
        return value.getText();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        double left = snappedLeftInset(), top = snappedTopInset(), right = w - snappedRightInset(), bottom = h - snappedBottomInset();
        double headH = Math.max(title.prefHeight(-1), value.prefHeight(-1));
        title.resizeRelocate(left, top, Math.min(title.prefWidth(-1), right - left), headH);
        double vw = Math.min(value.prefWidth(-1), Math.max(0, right - left - title.prefWidth(-1) - 8));
        value.resizeRelocate(right - vw, top, vw, headH);

        double dataMax = 0;
        for (double d : values) if (!Double.isNaN(d)) dataMax = Math.max(dataMax, d);
        boolean showLimit = limit > 0 && dataMax >= limit * 0.5;
        double max = nice(Math.max(floorMax, Math.max(dataMax * 1.1, showLimit ? limit * 1.05 : 0)));
        yLabels[0].setText(unit.apply(max));
        yLabels[1].setText(unit.apply(max / 2));
        yLabels[2].setText("0");
        double labelW = 0;
        for (Label l : yLabels) labelW = Math.max(labelW, l.prefWidth(-1));
        double xh = xLabels[2].prefHeight(-1);
        double x0 = Math.round(left + labelW + 6) + 0.5, x1 = Math.round(right - 2) + 0.5;
        double y0 = Math.round(top + headH + 8) + 0.5, y1 = Math.round(bottom - xh - 2) + 0.5;
        if (x1 - x0 < 10 || y1 - y0 < 10) {
            for (Path p : new Path[] {grid, area, line, limitLine}) p.getElements().clear();
            return;
        }
        double ym = Math.round((y0 + y1) / 2) + 0.5;
        grid.getElements().setAll(new MoveTo(x0, y0), new LineTo(x1, y0), new MoveTo(x0, ym), new LineTo(x1, ym),
                new MoveTo(x0, y1), new LineTo(x1, y1));
        double[] ys = {y0, ym, y1};
        for (int i = 0; i < 3; i++) {
            Label l = yLabels[i];
            double lh = l.prefHeight(-1);
            l.resizeRelocate(x0 - 4 - l.prefWidth(-1), ys[i] - lh / 2, l.prefWidth(-1), lh);
        }

        int span = 0;
        long oldest = times.length == 0 ? now : times[0];
        while (span < SPANS_MS.length - 1 && now - oldest > SPANS_MS[span]) span++;
        long spanMs = SPANS_MS[span];
        xLabels[0].setText(SPAN_LABELS[span][0]);
        xLabels[1].setText(SPAN_LABELS[span][1]);
        double[] xs = {x0, (x0 + x1) / 2, x1};
        for (int i = 0; i < 3; i++) {
            Label l = xLabels[i];
            double lw = l.prefWidth(-1);
            double lx = i == 0 ? x0 : i == 1 ? xs[1] - lw / 2 : x1 - lw;
            l.resizeRelocate(lx, y1 + 2, lw, xh);
        }

        List<PathElement> ln = new ArrayList<>(), ar = new ArrayList<>();
        boolean open = false;
        double firstX = 0, lastX = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            double x = x0 + (x1 - x0) * (1 - (now - times[i]) / (double) spanMs);
            if (Double.isNaN(v) || x < x0) {
                if (open) closeArea(ar, firstX, lastX, y1);
                open = false;
                continue;
            }
            double y = y1 - (y1 - y0) * Math.min(1, Math.max(0, v) / max);
            if (!open) {
                ln.add(new MoveTo(x, y));
                ar.add(new MoveTo(x, y1));
                ar.add(new LineTo(x, y));
                firstX = x;
                open = true;
            } else {
                ln.add(new LineTo(x, y));
                ar.add(new LineTo(x, y));
            }
            lastX = x;
        }
        if (open) closeArea(ar, firstX, lastX, y1);
        line.getElements().setAll(ln);
        area.getElements().setAll(ar);
        if (showLimit) {
            double ly = Math.round(y1 - (y1 - y0) * Math.min(1, limit / max)) + 0.5;
            limitLine.getElements().setAll(new MoveTo(x0, ly), new LineTo(x1, ly));
        } else {
            limitLine.getElements().clear();
        }
    }

    private static void closeArea(List<PathElement> ar, double firstX, double lastX, double base) {
        ar.add(new LineTo(lastX, base));
        ar.add(new LineTo(firstX, base));
        ar.add(new ClosePath());
    }

    /** The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at least {@code v}. */
    static double nice(double v) {
        if (v <= 0 || Double.isNaN(v) || Double.isInfinite(v)) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= v * (1 - 1e-9)) return m * p;
        }
        return 10 * p;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 150;
    }

    @Override
    protected double computeMinHeight(double width) {
        return 90;
    }
}
