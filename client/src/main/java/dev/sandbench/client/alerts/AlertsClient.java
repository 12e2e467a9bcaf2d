package dev.sandbench.client.alerts;

import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.Request;

import java.util.List;

import static dev.sandbench.client.http.EngineHttp.seg;

/**
 * Alerts the engine raised (memory kills, process and disk limits, exec timeouts, sessions over
 * budget, sandboxes about to expire, low trust scores) and the rules that raise them. New alerts
 * also arrive live as {@code alert.raised} on {@link dev.sandbench.client.events.EventsClient}.
 */
public final class AlertsClient {
    private final EngineHttp http;

    public AlertsClient(EngineHttp http) {
        this.http = http;
    }

    /** The newest 100 alerts. */
    public List<Alert> list() {
        return list(null, null, null, null);
    }

    /** Alerts, newest first; each argument may be null (no filter; 100 at most). */
    @ApiRoute("GET /v1/alerts")
    public List<Alert> list(Boolean resolved, String sandboxId, String type, Integer limit) {
        return http.call(get(http.url("/v1/alerts", "resolved", resolved, "sandbox_id", sandboxId, "type", type,
                "limit", limit)), http.listOf(Alert.class));
    }

    @ApiRoute("GET /v1/alerts/{id}")
    public Alert get(String alertId) {
        return http.call(get(http.url("/v1/alerts/" + seg(alertId))), Alert.class);
    }

    /** Resolves an alert (resolving again changes nothing); its notifications are marked read. */
    @ApiRoute("POST /v1/alerts/{id}/resolve")
    public Alert resolve(String alertId) {
        return http.call(new Request.Builder().url(http.url("/v1/alerts/" + seg(alertId) + "/resolve"))
                .post(http.json(null)).build(), Alert.class);
    }

    /** The caller's rules, one per alert type. */
    @ApiRoute("GET /v1/alerts/rules")
    public List<AlertRule> rules() {
        return http.call(get(http.url("/v1/alerts/rules")), http.listOf(AlertRule.class));
    }

    @ApiRoute("PUT /v1/alerts/rules/{id}")
    public AlertRule updateRule(String ruleId, AlertRuleUpdate update) {
        return http.call(new Request.Builder().url(http.url("/v1/alerts/rules/" + seg(ruleId)))
                .put(http.json(update)).build(), AlertRule.class);
    }

    /** Removes a rule's threshold (cost_over_budget then follows sandbox budgets only). */
    public AlertRule clearThreshold(String ruleId) {
        return http.call(new Request.Builder().url(http.url("/v1/alerts/rules/" + seg(ruleId)))
                .put(http.json(EngineHttp.MAPPER.createObjectNode().putNull("threshold"))).build(), AlertRule.class);
    }

    private static Request get(okhttp3.HttpUrl url) {
        return new Request.Builder().url(url).get().build();
    }
}
