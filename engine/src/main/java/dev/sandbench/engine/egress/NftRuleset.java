package dev.sandbench.engine.egress;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The nftables ruleset of one sandbox's network namespace, rendered whole from the policy and
 * what is known now (host addresses, addresses of allowed and denied names) and loaded as one
 * transaction, so a change never leaves a half-applied policy. Order: loopback; the network's
 * own gateway; deny rules; allowed networks; what is refused by default; addresses of allowed
 * names; then, in allowlist mode, everything else is refused. Refusals reset TCP and answer
 * anything else with ICMP admin-prohibited, so a refused connect fails at once, and are traced
 * (at most 50 a second per reason) for the engine to record.
 */
final class NftRuleset {
    /** What is refused unless an allowed network names it. */
    record Default(Cidr net, Refusal reason) {}

    static final List<Default> DEFAULTS = List.of(
            d("169.254.169.254", Refusal.CLOUD_METADATA), d("fd00:ec2::254", Refusal.CLOUD_METADATA),
            d("127.0.0.0/8", Refusal.LOOPBACK), d("::1", Refusal.LOOPBACK),
            d("169.254.0.0/16", Refusal.LINK_LOCAL), d("fe80::/10", Refusal.LINK_LOCAL),
            d("10.0.0.0/8", Refusal.PRIVATE), d("172.16.0.0/12", Refusal.PRIVATE), d("192.168.0.0/16", Refusal.PRIVATE),
            d("100.64.0.0/10", Refusal.PRIVATE), d("fc00::/7", Refusal.PRIVATE),
            d("224.0.0.0/4", Refusal.MULTICAST_BROADCAST), d("255.255.255.255", Refusal.MULTICAST_BROADCAST),
            d("ff00::/8", Refusal.MULTICAST_BROADCAST),
            d("0.0.0.0/8", Refusal.RESERVED), d("240.0.0.0/4", Refusal.RESERVED), d("::", Refusal.RESERVED),
            d("::ffff:0:0/96", Refusal.RESERVED));
    /** slirp4netns' network: its gateway maps to the host, .3 forwards DNS to the host's resolver. */
    static final Cidr SLIRP = Cidr.parse("10.0.2.0/24");

    private NftRuleset() {}

    private static Default d(String net, Refusal r) {
        return new Default(Cidr.parse(net), r);
    }

    /** What the ruleset is made from. */
    record Inputs(boolean allowlist, EgressPolicy.Rules rules, Collection<InetAddress> hostAddresses,
                  Collection<InetAddress> namedAllow, Collection<InetAddress> namedDeny) {}

    static String render(Inputs in) {
        StringBuilder s = new StringBuilder("table inet sandbench {}\ndelete table inet sandbench\ntable inet sandbench {\n");
        intervalSet(s, "allow", in.rules().allowNets());
        intervalSet(s, "deny", in.rules().denyNets());
        intervalSet(s, "host", in.hostAddresses().stream().map(a -> Cidr.of(a, a.getAddress().length * 8)).toList());
        intervalSet(s, "named_allow", in.namedAllow().stream().map(a -> Cidr.of(a, a.getAddress().length * 8)).toList());
        intervalSet(s, "named_deny", in.namedDeny().stream().map(a -> Cidr.of(a, a.getAddress().length * 8)).toList());
        for (Refusal r : Refusal.values()) {
            s.append("  chain ").append(r.chain()).append(" {\n")
                    .append("    limit rate 50/second burst 100 packets meta nftrace set 1\n")
                    .append("    meta l4proto tcp reject with tcp reset\n")
                    .append("    reject with icmpx type admin-prohibited\n  }\n");
        }
        s.append("  chain out {\n    type filter hook output priority 0; policy accept;\n")
                .append("    oifname \"lo\" accept\n")
                // IPv6 neighbour and multicast-listener chatter of the link itself (slirp4netns routes no IPv6).
                .append("    icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert, mld-listener-report, "
                        + "mld2-listener-report } accept\n");
        s.append("    ip daddr ").append(SLIRP).append(" goto ").append(Refusal.ENGINE_NETWORK.chain()).append('\n');
        both(s, "@deny", Refusal.DENIED);
        both(s, "@named_deny", Refusal.DENIED_NAME);
        s.append("    ip daddr @allow4 accept\n    ip6 daddr @allow6 accept\n");
        both(s, "@host", Refusal.HOST_ADDRESS);
        for (Default d : DEFAULTS) {
            s.append(d.net().v6() ? "    ip6 daddr " : "    ip daddr ").append(d.net())
                    .append(" goto ").append(d.reason().chain()).append('\n');
        }
        s.append("    ip daddr @named_allow4 accept\n    ip6 daddr @named_allow6 accept\n");
        if (in.allowlist()) s.append("    goto ").append(Refusal.NOT_ALLOWED.chain()).append('\n');
        s.append("  }\n}\n");
        return s.toString();
    }

    private static void both(StringBuilder s, String set, Refusal r) {
        s.append("    ip daddr ").append(set).append("4 goto ").append(r.chain()).append('\n');
        s.append("    ip6 daddr ").append(set).append("6 goto ").append(r.chain()).append('\n');
    }

    private static void intervalSet(StringBuilder s, String name, List<Cidr> nets) {
        set(s, name + "4", "ipv4_addr", nets, c -> !c.v6());
        set(s, name + "6", "ipv6_addr", nets, Cidr::v6);
    }

    private static void set(StringBuilder s, String name, String type, List<Cidr> nets, Predicate<Cidr> family) {
        s.append("  set ").append(name).append(" { type ").append(type).append("; flags interval; auto-merge;");
        List<String> elements = new ArrayList<>();
        for (Cidr c : nets) if (family.test(c)) elements.add(c.toString());
        if (!elements.isEmpty()) s.append(" elements = { ").append(String.join(", ", elements)).append(" };");
        s.append(" }\n");
    }


    /** The default refusal that covers {@code a}, or null when a full-mode sandbox may reach it. */
    static Refusal refusedByDefault(InetAddress a) {
        if (SLIRP.contains(a)) return Refusal.ENGINE_NETWORK;
        for (Default d : DEFAULTS) if (d.net().contains(a)) return d.reason();
        return null;
    }
}
