package dev.sandbench.app.alerts;

import dev.sandbench.app.notify.Notice;
import dev.sandbench.app.notify.Notifier;
import dev.sandbench.app.task.UiExecutor;
import dev.sandbench.client.alerts.Alert;
import dev.sandbench.client.alerts.Severity;
import dev.sandbench.client.events.EngineEvent;
import dev.sandbench.client.http.EngineHttp;
import dev.sandbench.client.notifications.Notification;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertsViewModelTest {
    private final Notifier notifier = new Notifier();
    private final AlertsViewModel vm = new AlertsViewModel(UiExecutor.direct(), notifier);

    private static EngineEvent raised(String severity, String type) throws Exception {
        return new EngineEvent("1", "alert.raised", "sbx_1", Instant.now(), EngineHttp.MAPPER.readTree("""
                {"id": "alrt_1", "type": "%s", "severity": "%s", "message": "killed at the memory limit of 64 MB",
                 "resolved": false, "created_at": "2026-01-01T00:00:00Z", "sandbox_id": "sbx_1",
                 "notification_id": "ntf_1", "data": {"limit_mb": 64}}""".formatted(type, severity)));
    }

    @Test
    void aNewHighOrCriticalAlertBecomesAToast() throws Exception {
        vm.onEvents(List.of(raised("high", "oom_kill"), raised("critical", "disk_limit")));
        assertThat(notifier.notices()).extracting(Notice::severity).containsOnly(Notice.Severity.WARNING);
        assertThat(notifier.notices()).extracting(Notice::title)
                .containsExactly("Alert (high): oom_kill in sbx_1", "Alert (critical): disk_limit in sbx_1");
        assertThat(notifier.notices().get(0).detail()).isEqualTo("killed at the memory limit of 64 MB");
    }

    @Test
    void lowAndMediumAlertsOnlyCountTheyDoNotInterrupt() throws Exception {
        vm.onEvents(List.of(raised("low", "sandbox_expiring"), raised("medium", "exec_timeout")));
        assertThat(notifier.notices()).isEmpty();
    }

    @Test
    void anAlertFromANewerEngineWithAnUnknownSeverityIsReadNotDropped() throws Exception {
        Alert a = AlertsViewModel.parse(raised("apocalyptic", "oom_kill")).orElseThrow();
        assertThat(a.severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(a.sandboxId()).isEqualTo("sbx_1");
    }

    @Test
    void onlyAnUnreadNotificationMakesAnAlertUnread() {
        Alert a = new Alert("alrt_1", "oom_kill", Severity.HIGH, "m", false, Instant.now(), "sbx_1", null, null, null);
        assertThat(new AlertEntry(a, null).unread()).isFalse();
        assertThat(new AlertEntry(a, new Notification("n", "oom_kill", "Memory limit hit", "m", false, Instant.now(), "alrt_1")).unread()).isTrue();
        assertThat(new AlertEntry(a, new Notification("n", "oom_kill", "Memory limit hit", "m", true, Instant.now(), "alrt_1")).unread()).isFalse();
        assertThat(new AlertEntry(a, null).title()).isEqualTo("oom_kill");
    }

    @Test
    void withoutAConnectionNothingIsAskedAndTheCountIsZero() {
        vm.refresh();
        vm.markAllRead();
        assertThat(vm.unreadProperty().get()).isZero();
        assertThat(vm.entries()).isEmpty();
    }
}
