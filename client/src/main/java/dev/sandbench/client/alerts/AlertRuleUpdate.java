package dev.sandbench.client.alerts;

import java.util.List;

/** Changes to a rule; a null field keeps its value (use {@link AlertsClient#clearThreshold} to remove a threshold). */
public record AlertRuleUpdate(Boolean enabled, List<String> channels, Double threshold, Integer cooldownMinutes,
                              Severity severity) {
    public static AlertRuleUpdate enabled(boolean on) {
        return new AlertRuleUpdate(on, null, null, null, null);
    }

    public static AlertRuleUpdate threshold(double value) {
        return new AlertRuleUpdate(null, null, value, null, null);
    }

    public AlertRuleUpdate withSeverity(Severity s) {
        return new AlertRuleUpdate(enabled, channels, threshold, cooldownMinutes, s);
    }

    public AlertRuleUpdate withCooldownMinutes(int minutes) {
        return new AlertRuleUpdate(enabled, channels, threshold, minutes, severity);
    }

    public AlertRuleUpdate withChannels(List<String> c) {
        return new AlertRuleUpdate(enabled, c, threshold, cooldownMinutes, severity);
    }
}
