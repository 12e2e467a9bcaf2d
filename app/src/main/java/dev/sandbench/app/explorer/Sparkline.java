package dev.sandbench.app.explorer;

import javafx.scene.layout.Region;
import javafx.scene.shape.Polyline;

/** A tiny line chart of recent values, scaled to its own maximum (or to a fixed one when given). */
final class Sparkline extends Region {
    private final Polyline line = new Polyline();
    private double[] values = new double[0];
    private final double fixedMax;

    Sparkline(String styleClass, double fixedMax) {
        this.fixedMax = fixedMax;
        getStyleClass().add("sparkline-box");
        line.getStyleClass().addAll("sparkline", styleClass);
        line.setStrokeWidth(1.3);
        line.setManaged(false);
        getChildren().add(line);
        setPrefSize(70, 16);
        setMinSize(40, 12);
    }

    void setValues(double[] v) {
        values = v == null ? new double[0] : v;
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth() - 2;
        double h = getHeight() - 3;
        line.getPoints().clear();
        int n = values.length;
        if (n < 2 || w <= 0 || h <= 0) return;
        double max = fixedMax > 0 ? fixedMax : 0;
        for (double v : values) max = Math.max(max, v);
        if (max <= 0) max = 1;
        int slots = Math.max(n, 30);
        Double[] pts = new Double[n * 2];
        for (int i = 0; i < n; i++) {
            pts[2 * i] = 1 + w * (slots - n + i) / (slots - 1);
            pts[2 * i + 1] = 1.5 + h - h * Math.min(1, values[i] / max);
        }
        line.getPoints().addAll(pts);
    }
}
