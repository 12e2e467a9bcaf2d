package dev.sandbench.client;

import dev.sandbench.client.alerts.Alert;
import dev.sandbench.client.alerts.AlertRule;
import dev.sandbench.client.alerts.AlertRuleUpdate;
import dev.sandbench.client.alerts.Severity;
import dev.sandbench.client.events.EngineEvent;
import dev.sandbench.client.events.EventListener;
import dev.sandbench.client.events.EventSubscription;
import dev.sandbench.client.exec.ExecRequest;
import dev.sandbench.client.notifications.Notification;
import dev.sandbench.client.notifications.NotificationConfig;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sessions.TrustScore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertsClientTest {
    @Test
    void anExecTimeoutArrivesAsAnAlertANotificationAndAStreamEvent() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            SandbenchClient sb = f.client;
            LinkedBlockingQueue<EngineEvent> raised = new LinkedBlockingQueue<>();
            try (EventSubscription sub = sb.events().subscribe(new EventListener() {
                @Override
                public void onEvent(EngineEvent e) {
                    if (e.type().equals("alert.raised")) raised.add(e);
                }
            })) {
                List<AlertRule> rules = sb.alerts().rules();
                assertThat(rules).extracting(AlertRule::id).contains("oom_kill", "exec_timeout", "low_trust");
                AlertRule changed = sb.alerts().updateRule("exec_timeout",
                        AlertRuleUpdate.enabled(true).withSeverity(Severity.HIGH).withCooldownMinutes(0));
                assertThat(changed.severity()).isEqualTo(Severity.HIGH);
                assertThat(sb.alerts().clearThreshold("cost_over_budget").threshold()).isNull();
                assertThatThrownBy(() -> sb.alerts().updateRule("low_trust", AlertRuleUpdate.threshold(7)))
                        .isInstanceOf(ValidationException.class).hasMessageContaining("between");
                NotificationConfig config = sb.notifications().updateConfig(new NotificationConfig(true, Severity.MEDIUM,
                        List.of("sandbox_expiring")));
                assertThat(sb.notifications().config()).isEqualTo(config);

                Sandbox box = sb.sandboxes().create();
                sb.exec().run(box.id(), ExecRequest.of("sleep 5").timeout(java.time.Duration.ofMillis(200)));
                EngineEvent event = raised.poll(10, TimeUnit.SECONDS);
                assertThat(event).as("alert.raised on the event stream").isNotNull();
                assertThat(event.sandboxId()).isEqualTo(box.id());

                List<Alert> open = sb.alerts().list(false, box.id(), "exec_timeout", 10);
                assertThat(open).hasSize(1);
                Alert alert = open.get(0);
                assertThat(alert.severity()).isEqualTo(Severity.HIGH);
                assertThat(alert.message()).contains("sleep 5");
                assertThat(sb.alerts().get(alert.id())).isEqualTo(alert);

                assertThat(sb.notifications().unreadCount()).isEqualTo(1);
                Notification note = sb.notifications().list(true, null).get(0);
                assertThat(note.alertId()).isEqualTo(alert.id());
                assertThat(sb.notifications().markRead(note.id()).read()).isTrue();
                assertThat(sb.notifications().unreadCount()).isZero();
                assertThat(sb.notifications().markAllRead()).isZero();

                Alert resolved = sb.alerts().resolve(alert.id());
                assertThat(resolved.resolved()).isTrue();
                assertThat(resolved.resolvedAt()).isNotNull();
                assertThat(sb.alerts().list(false, null, null, null)).isEmpty();
                assertThatThrownBy(() -> sb.alerts().get("alrt_nope")).isInstanceOf(NotFoundException.class);

                List<TrustScore> trust = sb.sessions().trust(box.id());
                assertThat(trust).hasSize(1);
                assertThat(trust.get(0).score()).isEqualTo(0.95);
                assertThat(trust.get(0).factors()).containsEntry("runaway_resources", 0.05);
            }
        }
    }
}
