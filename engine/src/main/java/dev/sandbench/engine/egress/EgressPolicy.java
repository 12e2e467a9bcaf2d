package dev.sandbench.engine.egress;

import dev.sandbench.engine.api.ApiException;

import java.util.ArrayList;
import java.util.List;

/**
 * A sandbox's egress rules as the API carries them: {@code allow} and {@code deny}, each a list
 * of networks ({@code 203.0.113.0/24}, {@code 2001:db8::1}) and DNS names ({@code pypi.org},
 * {@code *.pythonhosted.org}). A deny rule wins over an allow rule; an allowed network also opens
 * what is refused by default (host addresses, private and link-local ranges); an allowed name
 * opens only the public addresses it resolves to.
 */
public record EgressPolicy(List<String> allow, List<String> deny) {
    public static final int MAX_RULES = 256;
    public static final EgressPolicy NONE = new EgressPolicy(List.of(), List.of());

    public EgressPolicy {
        allow = allow == null ? List.of() : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
    }

    /** The rules parsed, or a 400 naming the first entry that is neither a network nor a name. */
    public Rules rules() {
        return new Rules(nets(allow, "allow"), names(allow, "allow"), nets(deny, "deny"), names(deny, "deny"));
    }

    /** The same rules in their canonical spelling (host bits cleared, names lower case), duplicates dropped. */
    public EgressPolicy normalised() {
        Rules r = rules();
        return new EgressPolicy(spell(r.allowNets(), r.allowNames()), spell(r.denyNets(), r.denyNames()));
    }

    private static List<String> spell(List<Cidr> nets, List<NamePattern> names) {
        List<String> out = new ArrayList<>();
        nets.forEach(n -> out.add(n.toString()));
        names.forEach(n -> out.add(n.toString()));
        return out.stream().distinct().toList();
    }

    /** Parsed rules. */
    public record Rules(List<Cidr> allowNets, List<NamePattern> allowNames, List<Cidr> denyNets,
                        List<NamePattern> denyNames) {
        public boolean hasNames() {
            return !allowNames.isEmpty() || !denyNames.isEmpty();
        }

        /** The deny rule that matches {@code name}, or null. */
        public NamePattern denied(String name) {
            return denyNames.stream().filter(p -> p.matches(name)).findFirst().orElse(null);
        }

        public boolean allowed(String name) {
            return allowNames.stream().anyMatch(p -> p.matches(name));
        }
    }

    private static List<Cidr> nets(List<String> entries, String field) {
        check(entries, field);
        List<Cidr> out = new ArrayList<>();
        for (String e : entries) {
            Cidr c = Cidr.parse(e);
            if (c != null) out.add(c);
        }
        return out;
    }

    private static List<NamePattern> names(List<String> entries, String field) {
        List<NamePattern> out = new ArrayList<>();
        for (String e : entries) {
            if (Cidr.parse(e) != null) continue;
            NamePattern p = NamePattern.parse(e);
            if (p == null) {
                throw ApiException.badRequest("egress." + field + ": '" + e + "' is neither a network (203.0.113.0/24, "
                        + "2001:db8::/32, 198.51.100.7) nor a DNS name (pypi.org, *.pythonhosted.org)");
            }
            out.add(p);
        }
        return out;
    }

    private static void check(List<String> entries, String field) {
        if (entries.size() > MAX_RULES) {
            throw ApiException.badRequest("egress." + field + " has " + entries.size() + " entries; at most " + MAX_RULES);
        }
        for (String e : entries) {
            if (e == null || e.isBlank()) throw ApiException.badRequest("egress." + field + " has an empty entry");
        }
    }
}
