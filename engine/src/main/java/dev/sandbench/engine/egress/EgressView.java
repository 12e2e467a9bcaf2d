package dev.sandbench.engine.egress;

import java.util.List;

/**
 * A sandbox's egress policy as {@code GET /v1/sandboxes/{id}/egress} shows it.
 *
 * @param networkMode     {@code full} (refused by default: {@code refused_by_default}) or {@code allowlist} (only what is allowed)
 * @param allow           networks and DNS names let through
 * @param deny            networks and DNS names refused; a deny rule wins over an allow rule
 * @param refusedByDefault what is refused unless an allowed network names it, with the reason an event gives
 * @param hostAddresses   the engine host's addresses, refused by default
 * @param resolved        names the sandbox resolved that a rule names, with their addresses (running sandboxes)
 * @param live            whether the policy is in force in a running sandbox now (else it applies at the next start)
 */
public record EgressView(String sandboxId, String networkMode, List<String> allow, List<String> deny,
                         List<DefaultRule> refusedByDefault, List<String> hostAddresses, List<Resolved> resolved,
                         boolean live) {

    /** A range refused by default and why. */
    public record DefaultRule(String network, String reason) {}

    /** A name a rule names, what it resolved to, and whether those addresses are let through. */
    public record Resolved(String name, List<String> addresses, String verdict, String until) {}
}
