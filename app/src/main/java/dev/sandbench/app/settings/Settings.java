package dev.sandbench.app.settings;

/**
 * What the workbench remembers between runs: window geometry, panel sizes, theme, the last
 * connection. Plain fields so that an older or newer file still reads.
 */
public final class Settings {
    public String theme = "light";
    public double windowX = Double.NaN;
    public double windowY = Double.NaN;
    public double windowWidth = 1280;
    public double windowHeight = 800;
    public boolean maximized;
    /** Divider positions: explorer | centre | details, and centre / bottom panel. */
    public double explorerDivider = 0.27;
    public double detailsDivider = 0.78;
    public double bottomDivider = 0.62;
    /** Explorer / file browser in the left column. */
    public double filesDivider = 0.5;
    public String lastConnection = "embedded";
    public String grouping = "NONE";
    /** Seconds between readings in the Stats tab. */
    public int statsIntervalSeconds = 2;
    public float terminalFontSize = 13;

    public boolean dark() {
        return "dark".equals(theme);
    }
}
