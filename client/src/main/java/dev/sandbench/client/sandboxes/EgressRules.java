package dev.sandbench.client.sandboxes;

import java.util.List;

/**
 * Egress rules of a sandbox with network: networks ({@code 203.0.113.0/24}, {@code 2001:db8::1})
 * and DNS names ({@code pypi.org}, {@code *.pythonhosted.org}) to let through ({@code allow}) or
 * refuse ({@code deny}). A deny rule wins over an allow rule; an allowed network also opens what
 * is refused by default (the engine host's addresses, private and link-local ranges); an allowed
 * name opens only the public addresses it resolves to.
 */
public record EgressRules(List<String> allow, List<String> deny) {
    public EgressRules {
        allow = allow == null ? List.of() : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
    }

    /** No rules: a {@code full} sandbox reaches every public address, an {@code allowlist} one nothing. */
    public static EgressRules none() {
        return new EgressRules(List.of(), List.of());
    }

    public static EgressRules allow(String... entries) {
        return new EgressRules(List.of(entries), List.of());
    }

    public static EgressRules deny(String... entries) {
        return new EgressRules(List.of(), List.of(entries));
    }
}
