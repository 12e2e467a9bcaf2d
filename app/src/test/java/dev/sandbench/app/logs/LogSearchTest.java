package dev.sandbench.app.logs;

import dev.sandbench.app.notify.Notice;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.sandboxes.LogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogSearchTest {
    private final LogSearch search = new LogSearch();

    @Test
    void findsEveryOccurrenceIgnoringCaseAndStepsWithWrapAround() {
        search.setLines(List.of("exec  $ echo Needle", "lifecycle  started", "exec  needle needle"));
        search.setQuery("needle");
        assertThat(search.count()).isEqualTo(3);
        assertThat(search.summary()).isEqualTo("1 of 3");
        assertThat(search.current()).isEqualTo(new LogSearch.Match(0, 13, 19));
        assertThat(search.next()).isEqualTo(new LogSearch.Match(2, 6, 12));
        assertThat(search.next()).isEqualTo(new LogSearch.Match(2, 13, 19));
        assertThat(search.summary()).isEqualTo("3 of 3");
        assertThat(search.next()).isEqualTo(new LogSearch.Match(0, 13, 19));
        assertThat(search.previous()).isEqualTo(new LogSearch.Match(2, 13, 19));
        assertThat(search.summary()).isEqualTo("3 of 3");
    }

    @Test
    void saysWhenNothingMatchesAndIsSilentWithoutAQuery() {
        search.setLines(List.of("a", "b"));
        assertThat(search.summary()).isEmpty();
        search.setQuery("zebra");
        assertThat(search.summary()).isEqualTo("No matches");
        assertThat(search.next()).isNull();
        assertThat(search.previous()).isNull();
        assertThat(search.current()).isNull();
    }

    @Test
    void aRefreshThatShiftsTheTailKeepsTheCurrentMatchOnItsLine() {
        search.setLines(List.of("old x", "keep x", "other x"));
        search.setQuery("x");
        search.next();
        assertThat(search.current().line()).isEqualTo(1);
        search.setLines(List.of("keep x", "other x", "new x"));
        assertThat(search.current()).isEqualTo(new LogSearch.Match(0, 5, 6));
        assertThat(search.summary()).isEqualTo("1 of 3");
        search.setLines(List.of("new x"));
        assertThat(search.current()).isEqualTo(new LogSearch.Match(0, 4, 5));
    }

    @Test
    void overlappingTextCountsEachOccurrenceOnce() {
        assertThat(LogSearch.ranges("aaaa", "aa")).hasSize(2);
        assertThat(LogSearch.ranges("abc", "")).isEmpty();
    }

    @Test
    void theViewModelStopsFollowingWhenTheUserStepsAndCopiesAndSavesLines(@TempDir Path dir) throws Exception {
        Notifier notifier = new Notifier();
        LogsViewModel vm = new LogsViewModel(UiExecutor.direct(), notifier);
        LogEntry a = new LogEntry(Instant.parse("2026-01-01T10:00:00Z"), "exec", "$ echo one -> exit 0 (3 ms)");
        LogEntry b = new LogEntry(Instant.parse("2026-01-01T10:00:01Z"), "lifecycle", "paused");
        vm.entries().setAll(a, b);
        vm.queryProperty().set("EXIT");
        assertThat(vm.matchSummaryProperty().get()).isEqualTo("1 of 1");
        assertThat(vm.followProperty().get()).isFalse();
        vm.followProperty().set(true);
        vm.next();
        assertThat(vm.followProperty().get()).isFalse();

        vm.timestampsProperty().set(false);
        assertThat(vm.copyText(List.of(b))).isEqualTo("lifecycle  paused\n");
        assertThat(vm.copyText(List.of())).isEqualTo("exec  $ echo one -> exit 0 (3 ms)\nlifecycle  paused\n");
        vm.timestampsProperty().set(true);
        assertThat(vm.copyText(List.of(b))).endsWith("  lifecycle  paused\n").matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  .*\\n");

        Path file = dir.resolve("sandbox.log");
        vm.save(file);
        assertThat(Files.readAllLines(file)).containsExactly(
                "2026-01-01T10:00:00Z  exec  $ echo one -> exit 0 (3 ms)", "2026-01-01T10:00:01Z  lifecycle  paused");
        assertThat(notifier.notices()).extracting(Notice::title).containsExactly("Log saved");
    }

    @Test
    void aFailedSaveSaysWhyInWords(@TempDir Path dir) throws Exception {
        Notifier notifier = new Notifier();
        LogsViewModel vm = new LogsViewModel(UiExecutor.direct(), notifier);
        vm.entries().setAll(new LogEntry(Instant.now(), "exec", "x"));
        vm.save(dir.resolve("no-such-folder").resolve("sandbox.log"));
        vm.save(dir);
        assertThat(notifier.notices()).extracting(Notice::severity).containsOnly(Notice.Severity.ERROR);
        assertThat(notifier.notices()).extracting(Notice::detail).containsExactly(
                "Cannot write " + dir.resolve("no-such-folder").resolve("sandbox.log") + ": the folder does not exist",
                "Cannot write " + dir + ": it is a folder");
    }
}
