package dev.sandbench.app.stats;

import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.app.files.Bytes;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sandboxes.SandboxStats;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.File;
import java.util.List;
import java.util.Locale;

/** The "Stats" tab of the bottom panel: four small charts of the selected sandbox, the refresh interval, CSV export. */
public final class StatsView {
    private static final double MB = 1024 * 1024;
    private final StatsViewModel vm;
    private final BorderPane root = new BorderPane();
    private final Label heading = new Label();
    private final TimeChart cpu = new TimeChart("CPU", "chart-cpu", 100, v -> String.format(Locale.ROOT, "%.0f %%", v));
    private final TimeChart memory = new TimeChart("Memory", "chart-memory", 16, StatsView::megabytes);
    private final TimeChart pids = new TimeChart("Processes", "chart-pids", 10, v -> String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.1f", v));
    private final TimeChart disk = new TimeChart("Disk", "chart-disk", 1, StatsView::megabytes);
    private final GridPane charts = new GridPane();
    private final Label placeholder = new Label();

    public StatsView(StatsViewModel vm) {
        this.vm = vm;
        root.getStylesheets().add(StatsView.class.getResource("stats.css").toExternalForm());
        root.getStyleClass().add("stats-view");
        root.setId("statsView");
        cpu.setId("cpuChart");
        memory.setId("memoryChart");
        pids.setId("pidsChart");
        disk.setId("diskChart");
        charts.getStyleClass().add("stats-grid");
        charts.add(cpu, 0, 0);
        charts.add(memory, 1, 0);
        charts.add(pids, 0, 1);
        charts.add(disk, 1, 1);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            c.setHgrow(Priority.ALWAYS);
            charts.getColumnConstraints().add(c);
            RowConstraints r = new RowConstraints();
            r.setPercentHeight(50);
            r.setVgrow(Priority.ALWAYS);
            charts.getRowConstraints().add(r);
        }
        placeholder.getStyleClass().addAll("muted", "stats-placeholder");
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(vm.noteProperty());
        root.setTop(bar());
        vm.versionProperty().addListener((o, a, b) -> render());
        render();
    }

    private Node bar() {
        heading.getStyleClass().add("stats-heading");
        heading.setId("statsHeading");
        Label note = new Label();
        note.setId("statsNote");
        note.getStyleClass().add("muted");
        note.textProperty().bind(vm.noteProperty());
        note.setMinWidth(0);
        note.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(note, Priority.ALWAYS);
        note.setTooltip(new Tooltip());
        note.getTooltip().textProperty().bind(vm.noteProperty());
        ComboBox<Integer> every = new ComboBox<>();
        every.setId("statsInterval");
        every.getItems().setAll(StatsViewModel.INTERVALS);
        every.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer s) {
                return s == null ? "" : "every " + s + " s";
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        every.setValue(vm.intervalProperty().get());
        every.valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.intervalProperty().set(b);
        });
        vm.intervalProperty().addListener((o, a, b) -> every.setValue(b.intValue()));
        every.setTooltip(new Tooltip("How often to read the sandbox's resource use while this tab is showing"));
        Button export = new Button("Export CSV…", new FontIcon(Feather.DOWNLOAD));
        export.setId("statsExport");
        export.setTooltip(new Tooltip("Save the last ten minutes as CSV"));
        export.setOnAction(e -> export());
        export.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.history().stream().noneMatch(StatsSample::live),
                vm.versionProperty()));
        HBox bar = new HBox(heading, note, new Label("Refresh"), every, export);
        bar.getStyleClass().add("stats-bar");
        for (Node n : bar.getChildren()) {
            if (n != note && n instanceof Region r) r.setMinWidth(Region.USE_PREF_SIZE);
        }
        return bar;
    }

    private void render() {
        SandboxItem item = vm.itemProperty().get();
        if (item == null) {
            heading.setText("");
            root.setCenter(placeholder);
            return;
        }
        Sandbox sb = item.sandbox();
        heading.setText(sb.name() == null || sb.name().isBlank() ? sb.id() : sb.name());
        if (root.getCenter() != charts) root.setCenter(charts);
        List<StatsSample> h = vm.history();
        int n = h.size();
        long[] t = new long[n];
        double[] c = new double[n], m = new double[n], p = new double[n], d = new double[n];
        for (int i = 0; i < n; i++) {
            StatsSample s = h.get(i);
            t[i] = s.epochMillis();
            boolean live = s.live();
            c[i] = live ? s.cpuPercent() : Double.NaN;
            m[i] = live && s.memoryBytes() >= 0 ? s.memoryBytes() / MB : Double.NaN;
            p[i] = live && s.pids() >= 0 ? s.pids() : Double.NaN;
            d[i] = live && s.diskBytes() >= 0 ? s.diskBytes() / MB : Double.NaN;
        }
        // The engine's clock, not ours: a remote engine's may differ.
        long now = n == 0 ? System.currentTimeMillis() : t[n - 1];
        SandboxStats last = vm.lastReadingProperty().get();
        StatsSample latest = n == 0 ? null : h.get(n - 1);
        boolean live = latest != null && latest.live();
        long memLimit = live && latest.memoryLimit() > 0 ? latest.memoryLimit() : last == null ? -1 : last.memoryLimit();
        long pidsLimit = last == null ? -1 : last.pidsLimit();
        long diskLimit = last == null ? -1 : last.diskLimit();
        cpu.setData(t, c, now, sb.cpus() > 0 ? sb.cpus() * 100 : 0);
        memory.setData(t, m, now, memLimit > 0 ? memLimit / MB : 0);
        pids.setData(t, p, now, pidsLimit > 0 ? pidsLimit : 0);
        disk.setData(t, d, now, diskLimit > 0 ? diskLimit / MB : 0);
        if (!live) {
            String none = latest == null ? "no reading yet" : "not measured";
            for (TimeChart ch : List.of(cpu, memory, pids, disk)) ch.setValueText(none);
            return;
        }
        cpu.setValueText((Double.isNaN(latest.cpuPercent()) ? "…" : String.format(Locale.ROOT, "%.1f %%", latest.cpuPercent()))
                + (sb.cpus() > 0 ? " of " + cores(sb.cpus()) : ""));
        memory.setValueText(Bytes.human(latest.memoryBytes()) + (memLimit > 0 ? " of " + Bytes.human(memLimit) : ""));
        pids.setValueText(latest.pids() + (pidsLimit > 0 ? " of " + pidsLimit : ""));
        disk.setValueText(Bytes.human(latest.diskBytes()) + (diskLimit > 0 ? " of " + Bytes.human(diskLimit) : ""));
    }

    private static String cores(double cpus) {
        String n = cpus == Math.rint(cpus) ? Long.toString((long) cpus) : Double.toString(cpus);
        return n + (cpus == 1 ? " core" : " cores");
    }

    private static String megabytes(double mb) {
        if (mb >= 1024) return String.format(Locale.ROOT, mb % 1024 == 0 ? "%.0f GB" : "%.1f GB", mb / 1024);
        return String.format(Locale.ROOT, mb >= 10 || mb == Math.rint(mb) ? "%.0f MB" : "%.1f MB", mb);
    }

    private void export() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export stats as CSV");
        chooser.setInitialFileName(vm.suggestedFileName());
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV files", "*.csv"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) vm.exportCsv(file.toPath());
    }

    /** The tab, which also tells the view-model when it is showing (it polls only then). */
    public Tab tab() {
        Tab tab = new Tab("Stats", root);
        tab.setId("statsTab");
        tab.setClosable(false);
        vm.showingProperty().bind(tab.selectedProperty());
        return tab;
    }

    TimeChart chart(String id) {
        return switch (id) {
            case "cpu" -> cpu;
            case "memory" -> memory;
            case "pids" -> pids;
            default -> disk;
        };
    }
}
