package dev.sandbench.app;

import dev.sandbench.app.notify.Notice;
import dev.sandbench.app.stats.StatsCsv;
import dev.sandbench.app.stats.StatsSample;
import dev.sandbench.client.exec.ExecRequest;
import dev.sandbench.client.exec.ExecResult;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.LogEntry;
import dev.sandbench.client.sandboxes.Sandbox;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.sandbench.app.WorkbenchFixture.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/** The Logs and Stats tabs and alert notifications, driven like a user would, against the real embedded engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogsAndStatsUiTest {
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    private WorkbenchFixture f;
    private final FxRobot robot = new FxRobot();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-cpu-loop"));
    private Sandbox busy;

    @BeforeAll
    void start() throws Exception {
        f = WorkbenchFixture.start();
        busy = f.agent.sandboxes().create(CreateSandbox.builder().name("busy-one").build());
        f.waitUntil("the sandbox is listed", 20, () -> f.wb.explorer().find(busy.id()) != null);
    }

    @AfterAll
    void stop() throws Exception {
        background.shutdownNow();
        f.close();
    }

    private void select(String id) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> f.wb.window().explorerView().select(f.wb.explorer().find(id))).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void showTab(String text) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            Tab t = f.wb.window().bottomTabs().getTabs().stream().filter(x -> text.equals(x.getText())).findFirst().orElseThrow();
            f.wb.window().bottomTabs().getSelectionModel().select(t);
        }).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String matchCount() throws Exception {
        return onFx(this::countNow);
    }

    private String countNow() {
        return ((Label) robot.lookup("#logMatchCount").query()).getText();
    }

    /** The text of the log line on screen that holds the emphasised (current) match. */
    @SuppressWarnings("unchecked")
    private Optional<String> currentMatchLine() throws Exception {
        return onFx(() -> robot.lookup("#logList .log-match").queryAll().stream()
                .filter(n -> n.getPseudoClassStates().contains(CURRENT) && n.isVisible())
                .map(n -> {
                    Node p = n;
                    while (p != null && !(p instanceof ListCell<?>)) p = p.getParent();
                    LogEntry e = p == null ? null : ((ListCell<LogEntry>) p).getItem();
                    return e == null ? "" : e.message();
                }).findFirst());
    }

    @Test
    @Order(1)
    void searchHighlightsTheMatchesOfARunCommandAndStepsThroughThem() throws Exception {
        for (String word : List.of("needle-alpha", "haystack", "needle-beta", "needle-gamma")) {
            assertThat(f.agent.exec().run(busy.id(), "echo " + word).exitCode()).isZero();
        }
        select(busy.id());
        showTab("Logs");
        f.waitUntil("the log lists the commands", 20, () -> f.wb.logs().entries().stream()
                .filter(e -> e.message().contains("needle")).count() == 3, () -> f.wb.logs().entries().toString());

        robot.clickOn("#logSearch").write("NEEDLE");
        f.waitUntil("the count shows the first of three", 10, () -> "1 of 3".equals(countNow()));
        assertThat(currentMatchLine()).hasValueSatisfying(l -> assertThat(l).contains("needle-alpha"));
        assertThat(onFx(() -> robot.lookup("#logList .log-match").queryAll().size())).isEqualTo(3);
        assertThat(onFx(() -> ((CheckBox) robot.lookup("#logFollow").query()).isSelected()))
                .as("a search stops following, so the match stays on screen").isFalse();

        robot.type(KeyCode.ENTER);
        assertThat(matchCount()).isEqualTo("2 of 3");
        assertThat(currentMatchLine()).hasValueSatisfying(l -> assertThat(l).contains("needle-beta"));
        robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        assertThat(matchCount()).isEqualTo("1 of 3");
        robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        assertThat(matchCount()).as("wraps round to the last").isEqualTo("3 of 3");
        assertThat(currentMatchLine()).hasValueSatisfying(l -> assertThat(l).contains("needle-gamma"));

        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#logList").query().requestFocus()).get(5, TimeUnit.SECONDS);
        robot.type(KeyCode.F3);
        assertThat(matchCount()).isEqualTo("1 of 3");
        robot.press(KeyCode.SHIFT).type(KeyCode.F3).release(KeyCode.SHIFT);
        assertThat(matchCount()).isEqualTo("3 of 3");

        robot.doubleClickOn("#logSearch").press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write("no such words");
        f.waitUntil("it says so", 10, () -> "No matches".equals(countNow()));
        robot.type(KeyCode.ESCAPE);
        f.waitUntil("Esc clears the search", 10, () -> countNow().isEmpty() && f.wb.logs().queryProperty().get().isEmpty());
    }

    @Test
    @Order(2)
    void theTimeColumnHidesAndCopyAndSaveTakeTheLines() throws Exception {
        select(busy.id());
        showTab("Logs");
        f.waitUntil("lines with times show", 10, () -> !robot.lookup("#logList .log-time").queryAll().isEmpty());
        robot.clickOn("#logTimestamps");
        f.waitUntil("the times are gone", 10, () -> robot.lookup("#logList .log-time").queryAll().isEmpty());

        @SuppressWarnings("unchecked")
        ListView<LogEntry> list = (ListView<LogEntry>) robot.lookup("#logList").query();
        List<LogEntry> entries = onFx(() -> List.copyOf(f.wb.logs().entries()));
        int a = indexOf(entries, "needle-alpha"), b = indexOf(entries, "needle-gamma");
        WaitForAsyncUtils.asyncFx(() -> {
            list.getSelectionModel().clearAndSelect(b);
            list.getSelectionModel().select(a);
        }).get(5, TimeUnit.SECONDS);
        robot.clickOn("#logCopy");
        String copied = onFx(() -> Clipboard.getSystemClipboard().getString());
        assertThat(copied).as("the selected lines, in log order, as shown").isEqualTo("exec  " + entries.get(a).message() + "\n"
                + "exec  " + entries.get(b).message() + "\n");
        WaitForAsyncUtils.asyncFx(() -> list.getSelectionModel().clearSelection()).get(5, TimeUnit.SECONDS);
        robot.clickOn("#logCopy");
        assertThat(onFx(() -> Clipboard.getSystemClipboard().getString()).split("\n")).hasSize(entries.size());
        robot.clickOn("#logTimestamps");

        Path file = f.home.resolve("saved.log");
        WaitForAsyncUtils.asyncFx(() -> f.wb.logs().save(file)).get(5, TimeUnit.SECONDS);
        f.waitUntil("the file is written", 20, () -> Files.exists(file));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(onFx(() -> f.wb.logs().entries().size()));
        assertThat(lines).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT.*Z  exec  \\$ echo needle-beta -> exit 0 .*"));
        f.waitUntil("a toast says where", 10, () -> f.wb.notifier().notices().stream()
                .anyMatch(n -> "Log saved".equals(n.title()) && n.detail().endsWith(file.toString())));

        Path folder = f.home.resolve("missing").resolve("saved.log");
        WaitForAsyncUtils.asyncFx(() -> f.wb.logs().save(folder)).get(5, TimeUnit.SECONDS);
        f.waitUntil("a failed save says why", 10, () -> f.wb.notifier().notices().stream()
                .anyMatch(n -> n.severity() == Notice.Severity.ERROR && n.detail().endsWith("the folder does not exist")));
    }

    private static int indexOf(List<LogEntry> entries, String text) {
        for (int i = 0; i < entries.size(); i++) if (entries.get(i).message().contains(text)) return i;
        throw new AssertionError(text + " not in " + entries);
    }

    @Test
    @Order(3)
    void theStatsTabChartsABusySandboxAndExportsPlausibleCsv() throws Exception {
        Future<ExecResult> loop = background.submit(() -> f.agent.exec().run(busy.id(),
                ExecRequest.of("timeout 25 sh -c 'while :; do :; done'").timeout(Duration.ofSeconds(40))));
        select(busy.id());
        showTab("Stats");
        @SuppressWarnings("unchecked")
        ComboBox<Integer> every = (ComboBox<Integer>) robot.lookup("#statsInterval").query();
        WaitForAsyncUtils.asyncFx(() -> every.getSelectionModel().select(Integer.valueOf(1))).get(5, TimeUnit.SECONDS);
        assertThat(onFx(() -> f.wb.settings().statsIntervalSeconds)).as("remembered").isEqualTo(1);

        f.waitUntil("the chart shows the loop's CPU", 30, () -> f.wb.stats().history().stream()
                .filter(s -> s.live() && s.cpuPercent() > 30).count() >= 3, () -> f.wb.stats().history().toString());
        f.waitUntil("the header reads the latest value", 10, () -> chartValue("#cpuChart").matches("\\d+\\.\\d % of \\d+ cores?"),
                () -> chartValue("#cpuChart"));
        assertThat(chartValue("#memoryChart")).matches("[0-9.]+ [KMG]?B of [0-9.]+ [MG]B");
        assertThat(chartValue("#pidsChart")).matches("\\d+( of \\d+)?");
        assertThat(onFx(() -> ((Label) robot.lookup("#statsHeading").query()).getText())).isEqualTo("busy-one");

        Path file = f.home.resolve("busy.csv");
        WaitForAsyncUtils.asyncFx(() -> f.wb.stats().exportCsv(file)).get(5, TimeUnit.SECONDS);
        f.waitUntil("the CSV is written", 20, () -> Files.exists(file));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo(StatsCsv.HEADER);
        assertThat(lines.size()).isGreaterThan(3);
        double maxCpu = 0;
        for (String row : lines.subList(1, lines.size())) {
            String[] c = row.split(",", -1);
            assertThat(c).as(row).hasSize(6);
            assertThat(java.time.Instant.parse(c[0])).isBefore(java.time.Instant.now().plusSeconds(5));
            if (!c[1].isEmpty()) {
                double cpu = Double.parseDouble(c[1]);
                assertThat(cpu).as(row).isBetween(0.0, 100.0 * Runtime.getRuntime().availableProcessors() + 20);
                maxCpu = Math.max(maxCpu, cpu);
            }
            long mem = Long.parseLong(c[2]), limit = Long.parseLong(c[3]);
            assertThat(mem).as(row).isPositive().isLessThanOrEqualTo(limit);
            assertThat(Long.parseLong(c[4])).as(row).isBetween(1L, 1000L);
            assertThat(Long.parseLong(c[5])).as(row).isNotNegative();
        }
        assertThat(maxCpu).isGreaterThan(30);
        loop.cancel(true);
    }

    @Test
    @Order(4)
    void pollingStopsWhenTheTabIsHiddenAndAStoppedSandboxShowsNoNumbers() throws Exception {
        select(busy.id());
        showTab("Stats");
        f.waitUntil("readings arrive", 20, () -> !f.wb.stats().history().isEmpty());
        showTab("Logs");
        Thread.sleep(1500);
        int hidden = onFx(() -> f.wb.stats().history().size());
        Thread.sleep(3000);
        assertThat(onFx(() -> f.wb.stats().history().size())).as("no readings while the tab is hidden").isEqualTo(hidden);

        Sandbox idle = f.agent.sandboxes().create(CreateSandbox.builder().name("idle-one").build());
        f.waitUntil("it is listed", 20, () -> f.wb.explorer().find(idle.id()) != null);
        f.agent.sandboxes().stop(idle.id());
        f.waitUntil("it shows as stopped", 20, () -> !f.wb.explorer().find(idle.id()).sandbox().running());
        showTab("Stats");
        select(idle.id());
        f.waitUntil("the tab says it is stopped", 20, () -> f.wb.stats().noteProperty().get().startsWith("Stopped"),
                () -> f.wb.stats().noteProperty().get());
        assertThat(onFx(() -> ((Label) robot.lookup("#statsHeading").query()).getText())).isEqualTo("idle-one");
        assertThat(chartValue("#cpuChart")).isEqualTo("not measured");
        assertThat(chartValue("#memoryChart")).isEqualTo("not measured");
        List<StatsSample> h = onFx(() -> f.wb.stats().history());
        assertThat(h.get(h.size() - 1).live()).isFalse();

        select(busy.id());
        f.waitUntil("back on the busy one, its own numbers", 20, () -> f.wb.stats().noteProperty().get().isEmpty()
                && chartValue("#memoryChart").contains(" of "));

        f.agent.sandboxes().pause(busy.id());
        f.waitUntil("a paused sandbox uses no CPU but still holds its memory", 20, () -> f.wb.stats().noteProperty().get().startsWith("Paused")
                && chartValue("#cpuChart").startsWith("0.0 %") && chartValue("#memoryChart").contains(" of "),
                () -> f.wb.stats().noteProperty().get() + " / " + chartValue("#cpuChart"));
        f.agent.sandboxes().resume(busy.id());
        f.waitUntil("running again", 20, () -> f.wb.stats().noteProperty().get().isEmpty());
    }

    private String chartValue(String chart) {
        return ((Label) robot.lookup(chart + " .chart-value").query()).getText();
    }

    @Test
    @Order(5)
    void aMemoryKillShowsAToastListsTheAlertAndCountsOnTheBell() throws Exception {
        long before = onFx(() -> f.wb.alerts().unreadProperty().get());
        Sandbox small = f.agent.sandboxes().create(CreateSandbox.builder().name("bomb").memoryMb(64).build());
        ExecResult r = f.agent.exec().run(small.id(), ExecRequest.of("python3 -c 'x = bytearray(1024 * 1024 * 1024); print(len(x))'")
                .timeout(Duration.ofSeconds(30)));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(137);

        f.waitUntil("a toast shows the alert", 20, () -> robot.lookup(".toast .title").queryAll().stream()
                .anyMatch(n -> n instanceof Label l && l.getText().contains("oom_kill") && l.getText().contains(small.id())));
        f.waitUntil("the bell counts it", 20, () -> {
            Label l = (Label) robot.lookup("#alertsUnread").query();
            return l.isVisible() && Long.parseLong(l.getText()) > before;
        });
        showTab("Alerts");
        f.waitUntil("the alert is listed", 20, () -> f.wb.alerts().entries().stream()
                .anyMatch(e -> small.id().equals(e.alert().sandboxId()) && "oom_kill".equals(e.alert().type()) && e.unread()));
        f.waitUntil("the table shows it", 10, () -> robot.lookup("#alertTable .table-cell")
                .match(n -> n instanceof javafx.scene.control.Labeled l && l.getText() != null && l.getText().contains("64")).tryQuery().isPresent());
        f.screenshot("alert toast and bell");
    }
}
