package dev.sandbench.engine.egress;

import java.util.Arrays;
import java.util.Locale;

/** Why a connection was refused: each reason is one refusing chain of the sandbox's ruleset. */
public enum Refusal {
    ENGINE_NETWORK("the sandbox network's own gateway (slirp4netns' host and DNS aliases)"),
    DENIED("a deny rule"),
    DENIED_NAME("a deny rule's DNS name resolves to it"),
    HOST_ADDRESS("an address of the engine's host"),
    LOOPBACK("a loopback address"),
    CLOUD_METADATA("the cloud metadata service"),
    LINK_LOCAL("a link-local address"),
    PRIVATE("a private network"),
    MULTICAST_BROADCAST("a multicast or broadcast address"),
    RESERVED("a reserved address"),
    NOT_ALLOWED("not in the allow list (network_mode allowlist)");

    private final String description;

    Refusal(String description) {
        this.description = description;
    }

    /** As the API and events spell it: {@code host-address}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }

    /** The nft chain that refuses for this reason. */
    String chain() {
        return "refuse_" + name().toLowerCase(Locale.ROOT);
    }

    static Refusal ofChain(String chain) {
        return Arrays.stream(values()).filter(r -> r.chain().equals(chain)).findFirst().orElse(null);
    }
}
