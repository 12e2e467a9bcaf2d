package dev.sandbench.client.sandboxes;

import java.util.List;

/**
 * A sandbox's egress policy as the engine enforces it.
 *
 * @param networkMode      {@code full} or {@code allowlist} ({@code none}: no network, no rules)
 * @param refusedByDefault what is refused unless an allowed network names it, with the reason a refusal event gives
 * @param hostAddresses    the engine host's addresses, refused by default
 * @param resolved         names the sandbox resolved that a rule names, with the addresses they opened or closed
 * @param live             whether a running sandbox follows these rules now (else they apply at its next start)
 */
public record EgressPolicy(String sandboxId, String networkMode, List<String> allow, List<String> deny,
                           List<DefaultRule> refusedByDefault, List<String> hostAddresses, List<Resolved> resolved,
                           boolean live) {

    /** The rules alone, to change and send back with {@link SandboxesClient#setEgress}. */
    public EgressRules rules() {
        return new EgressRules(allow, deny);
    }

    /** A network refused by default and the reason refusals of it give ({@code host-address}, {@code private}...). */
    public record DefaultRule(String network, String reason) {}

    /** A name a rule names, what it resolved to, {@code allowed} or {@code denied}, and until when. */
    public record Resolved(String name, List<String> addresses, String verdict, String until) {}
}
