package dev.sandbench.engine.sandbox;

import java.util.List;

/**
 * A sandbox's egress rules as the API carries them ({@code egress} on create, the body of
 * {@code PUT /v1/sandboxes/{id}/egress}): networks ({@code 203.0.113.0/24}, {@code 2001:db8::1})
 * and DNS names ({@code pypi.org}, {@code *.pythonhosted.org}) to let through or refuse.
 */
public record EgressRules(List<String> allow, List<String> deny) {}
