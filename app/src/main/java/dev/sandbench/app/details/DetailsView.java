package dev.sandbench.app.details;

import dev.sandbench.app.connection.Connection;
import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.client.sandboxes.Port;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sandboxes.SandboxStats;
import dev.sandbench.client.system.EngineInfo;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Everything the engine knows about the selected sandbox: settings, enforced limits, ports, egress rules, usage history. */
public final class DetailsView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final DetailsViewModel vm;
    private final VBox content = new VBox();
    private final ScrollPane root = new ScrollPane(content);
    private final Label title = new Label("No sandbox selected");
    private final GridPane props = grid();
    private final GridPane usage = grid();
    private final GridPane limits = grid();
    private final VBox portList = new VBox(2);
    private final Label portsNote = new Label();
    private final XYChart.Series<Number, Number> cpu = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> memory = new XYChart.Series<>();
    private final ChangeListener<Object> refresh = (o, a, b) -> render();
    private SandboxItem bound;
    private final List<Node> full;
    private final VBox placeholder;

    public DetailsView(DetailsViewModel vm) {
        this.vm = vm;
        root.setId("detailsPanel");
        root.setFitToWidth(true);
        title.getStyleClass().add("title-4");
        title.setStyle("-fx-padding: 10 10 4 10;");
        cpu.setName("CPU %");
        memory.setName("Memory MB");
        NumberAxis x = new NumberAxis();
        x.setLabel("seconds ago");
        x.setAutoRanging(false);
        x.setLowerBound(-240);
        x.setUpperBound(0);
        x.setTickUnit(60);
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(true);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId("statsChart");
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        chart.setPrefHeight(200);
        chart.setMinHeight(160);
        chart.getData().setAll(List.of(cpu, memory));
        portsNote.getStyleClass().add("muted");
        portsNote.textProperty().bind(vm.portsNoteProperty());
        portList.setStyle("-fx-padding: 0 10 0 10;");
        full = List.of(title, section("Sandbox"), props, section("Usage"), usage, chart,
                section("Limits enforced by the engine"), limits, section("Ports"), portList, section("Egress"),
                new EgressSection(vm.egress()).node());
        Label hint = new Label("Select a sandbox to see everything the engine knows about it: settings, "
                + "limits in force, ports, egress rules and resource history.");
        hint.setWrapText(true);
        hint.getStyleClass().add("muted");
        placeholder = new VBox(hint);
        placeholder.setStyle("-fx-padding: 16;");
        vm.itemProperty().addListener((o, a, b) -> rebind(b));
        vm.connectionProperty().addListener((o, a, b) -> render());
        vm.ports().addListener((ListChangeListener<Port>) c -> renderPorts());
        render();
    }

    private void rebind(SandboxItem item) {
        if (bound != null) {
            bound.sandboxProperty().removeListener(refresh);
            bound.statsVersionProperty().removeListener(refresh);
        }
        bound = item;
        if (item != null) {
            item.sandboxProperty().addListener(refresh);
            item.statsVersionProperty().addListener(refresh);
        }
        render();
    }

    private void render() {
        props.getChildren().clear();
        usage.getChildren().clear();
        limits.getChildren().clear();
        if (bound == null) {
            content.getChildren().setAll(placeholder);
            cpu.getData().clear();
            memory.getData().clear();
            return;
        }
        if (content.getChildren().size() != full.size()) content.getChildren().setAll(full);
        Sandbox s = bound.sandbox();
        title.setText(s.name() == null || s.name().isBlank() ? s.id() : s.name());
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("Id", s.id());
        p.put("Status", s.status().name().toLowerCase(Locale.ROOT) + (s.statusReason() == null ? "" : " — " + s.statusReason()));
        // The name it was created with, and the engine's template behind it when that differs (node-20 -> node).
        p.put("Template", s.resolvedTemplate() == null || s.resolvedTemplate().equals(s.template()) ? s.template()
                : s.template() + " → " + s.resolvedTemplate());
        p.put("Runs", s.runtimeVersions() == null || s.runtimeVersions().isEmpty() ? null
                : String.join(", ", s.runtimeVersions().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
        p.put("Runtime", s.runtime());
        p.put("Created", time(s.createdAt()));
        p.put("Started", time(s.startedAt()));
        p.put("Expires", s.expiresAt() == null ? "never" : time(s.expiresAt()));
        p.put("CPUs", fmt(s.cpus()));
        p.put("Memory", s.memoryMb() + " MB");
        p.put("Disk", fmt(s.diskGb()) + " GB");
        p.put("Processes", s.pidsLimit() == null ? null : "at most " + s.pidsLimit());
        p.put("Network", s.networkMode() == null ? null : s.networkMode().name().toLowerCase(Locale.ROOT) + (s.ip() == null ? "" : " (" + s.ip() + ")"));
        p.put("Workspace", s.workspaceId());
        p.put("MCP URL", s.mcpUrl());
        p.put("Environment", s.envKeys() == null || s.envKeys().isEmpty() ? null : String.join(", ", s.envKeys()));
        p.put("Labels", s.labels() == null || s.labels().isEmpty() ? null : new TreeMap<>(s.labels()).toString());
        p.put("Init script", s.initScript());
        fill(props, p);

        SandboxStats st = bound.lastStats();
        Map<String, String> u = new java.util.LinkedHashMap<>();
        if (st == null) {
            u.put("Now", s.running() ? "waiting for the first sample…" : "not running");
        } else {
            List<SandboxItem.Sample> h = bound.history();
            SandboxItem.Sample last = h.get(h.size() - 1);
            u.put("CPU", String.format(Locale.ROOT, "%.1f %%", last.cpuPercent()));
            u.put("Memory", mb(st.memoryBytes()) + of(st.memoryLimit(), true) + (st.memoryPeak() > 0 ? ", peak " + mb(st.memoryPeak()) : ""));
            u.put("Processes", st.pids() + (st.pidsLimit() > 0 ? " of " + st.pidsLimit() : ""));
            u.put("Disk", mb(st.diskBytes()) + of(st.diskLimit(), true));
            if (st.oomKills() > 0) u.put("Out-of-memory kills", Long.toString(st.oomKills()));
        }
        fill(usage, u);
        plot();

        Connection c = vm.connectionProperty().get();
        EngineInfo info = c == null ? null : c.infoProperty().get();
        Map<String, String> l = new java.util.LinkedHashMap<>();
        if (info == null) {
            l.put("Engine", "does not say which limits it enforces");
        } else {
            l.put("Engine runtime", info.runtime() + ", cgroups " + info.cgroups());
            if (info.limits() != null) {
                new TreeMap<>(info.limits()).forEach((k, e) -> l.put(k, (e.enforced() ? "enforced" : "NOT enforced") + (e.how() == null ? "" : " — " + e.how())));
            }
            if (info.isolation() != null) l.put("Isolation", String.join(", ", info.isolation()));
            if (info.network() != null) l.put("Network", info.network().egress());
        }
        fill(limits, l);
    }

    private void plot() {
        List<SandboxItem.Sample> h = bound.history();
        long now = h.isEmpty() ? 0 : h.get(h.size() - 1).epochMillis();
        var c = new java.util.ArrayList<XYChart.Data<Number, Number>>();
        var m = new java.util.ArrayList<XYChart.Data<Number, Number>>();
        for (SandboxItem.Sample s : h) {
            double t = (s.epochMillis() - now) / 1000.0;
            c.add(new XYChart.Data<>(t, s.cpuPercent()));
            m.add(new XYChart.Data<>(t, s.memoryBytes() / 1048576.0));
        }
        cpu.getData().setAll(c);
        memory.getData().setAll(m);
    }

    private void renderPorts() {
        portList.getChildren().clear();
        for (Port p : vm.ports()) {
            Label l = new Label(p.port() + "/" + p.protocol() + "  " + (p.state() == null ? "" : p.state())
                    + (p.url() == null ? "" : "  " + p.url()));
            portList.getChildren().add(l);
        }
        portList.getChildren().add(portsNote);
    }

    private static String of(long limit, boolean bytes) {
        return limit > 0 ? " of " + (bytes ? mb(limit) : Long.toString(limit)) : "";
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String time(Instant t) {
        return t == null ? null : TIME.format(t);
    }

    private static void fill(GridPane g, Map<String, String> rows) {
        int r = 0;
        for (var e : rows.entrySet()) {
            if (e.getValue() == null || e.getValue().isBlank()) continue;
            Label k = new Label(e.getKey());
            k.getStyleClass().add("key");
            k.setMinWidth(90);
            Label v = new Label(e.getValue());
            v.setWrapText(true);
            v.setId("detail-" + e.getKey().toLowerCase(Locale.ROOT).replace(' ', '-'));
            g.addRow(r++, k, v);
        }
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.getStyleClass().add("details-grid");
        return g;
    }

    private static Node section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("details-section");
        return new HBox(l);
    }

    public Node node() {
        return root;
    }
}
