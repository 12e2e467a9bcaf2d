package dev.sandbench.engine.egress;

import dev.sandbench.engine.runtime.SandboxNetns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One running sandbox's egress: its ruleset, its DNS (the relay in its namespace hands every query
 * to {@link #answer}), the addresses its allowed and denied names resolved to, and the monitor that
 * reports refused connections. Every change re-renders the whole ruleset and loads it at once.
 */
final class SandboxEgress {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxEgress.class);
    /** Addresses a name resolved to stay usable at least this long: programs cache answers past their TTL. */
    static final long MIN_KEEP_SECONDS = 300;
    private static final int MAX_NAMES = 4096;
    private static final int UPSTREAM_TIMEOUT_MS = 2000;

    /** What a name resolved to, and until when it counts. */
    record Learned(String name, Set<InetAddress> addresses, Instant until) {}

    /** A DNS query the policy refused. */
    record RefusedName(String name, Refusal reason) {}

    private final String sandboxId;
    private final SandboxNetns netns;
    private final boolean allowlist;
    private final HostAddresses hosts;
    private final Upstream upstream;
    private final ExecutorService dns;
    private final Consumer<RefusalMonitor.Refused> refused;
    private final Consumer<RefusedName> refusedNames;
    private final Map<String, Learned> learned = new LinkedHashMap<>();
    private volatile EgressPolicy policy;
    private volatile EgressPolicy.Rules rules;
    private String applied;
    private DataOutputStream relayIn;
    private volatile boolean closed;

    SandboxEgress(String sandboxId, SandboxNetns netns, boolean allowlist, EgressPolicy policy, HostAddresses hosts,
                  Upstream upstream, ExecutorService dns, Consumer<RefusalMonitor.Refused> refused,
                  Consumer<RefusedName> refusedNames) {
        this.sandboxId = sandboxId;
        this.netns = netns;
        this.allowlist = allowlist;
        this.policy = policy;
        this.rules = policy.rules();
        this.hosts = hosts;
        this.upstream = upstream;
        this.dns = dns;
        this.refused = refused;
        this.refusedNames = refusedNames;
    }

    /** Starts the monitor and the relay and applies the policy: the sandbox's network opens here. */
    void start() throws IOException {
        RefusalMonitor monitor = new RefusalMonitor(refused);
        Process m = netns.startMonitor(List.of("monitor"));
        daemon("egress-monitor-" + sandboxId, () -> monitor.read(m.getInputStream()));
        Process relay = netns.startDnsRelay();
        relayIn = new DataOutputStream(relay.getOutputStream());
        // The ruleset loads while the monitor and the relay start: each helper costs a process start.
        hosts.refresh();
        apply();
        InputStream out = relay.getInputStream();
        if (!"ready".equals(readLine(out))) {
            throw new IOException("the sandbox's DNS relay did not start (see its runtime log)");
        }
        daemon("egress-dns-" + sandboxId, () -> relay(new DataInputStream(out)));
        // The monitor says nothing until it sees a change: until it reports one, load the ruleset again.
        for (int i = 0; i < 50 && !monitor.listening.isDone(); i++) {
            try {
                monitor.listening.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                reload();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                break;
            }
        }
        if (!monitor.listening.isDone() || !m.isAlive()) {
            throw new IOException("the sandbox's refusal monitor did not start (see its runtime log)");
        }
        resolveDeniedNames();
    }

    EgressPolicy policy() {
        return policy;
    }

    boolean allowlist() {
        return allowlist;
    }

    boolean closed() {
        return closed;
    }

    /** Applies a new policy now; connections already open stay, the next one follows it. */
    void update(EgressPolicy p) throws IOException {
        synchronized (this) {
            policy = p;
            rules = p.rules();
            apply();
        }
        resolveDeniedNames();
    }

    /** Re-renders with what is current (host addresses changed, learned addresses expired). */
    synchronized void apply() throws IOException {
        if (closed) return;
        Instant now = Instant.now();
        learned.values().removeIf(l -> l.until().isBefore(now));
        Set<InetAddress> allow = new LinkedHashSet<>();
        Set<InetAddress> deny = new LinkedHashSet<>();
        for (Learned l : learned.values()) {
            NamePattern d = rules.denied(l.name());
            if (d != null) deny.addAll(l.addresses());
            else if (rules.allowed(l.name())) allow.addAll(l.addresses());
        }
        String script = NftRuleset.render(new NftRuleset.Inputs(allowlist, rules, hosts.current(), allow, deny));
        if (script.equals(applied)) return;
        netns.nft(script);
        applied = script;
    }

    private synchronized void reload() throws IOException {
        applied = null;
        apply();
    }

    /** Addresses learned from DNS, newest last. */
    synchronized List<Learned> learned() {
        return new ArrayList<>(learned.values());
    }

    /** Exact deny names are looked up too, so their addresses are refused to a sandbox that never asks. */
    private void resolveDeniedNames() {
        List<NamePattern> exact = rules.denyNames().stream().filter(n -> !n.wildcard()).limit(32).toList();
        if (exact.isEmpty() || upstream.servers().isEmpty()) return;
        dns.execute(() -> {
            for (NamePattern n : exact) learn(n.suffix(), upstream.resolve(n.suffix(), UPSTREAM_TIMEOUT_MS));
            reapply();
        });
    }

    void reapply() {
        try {
            apply();
        } catch (IOException e) {
            if (!closed) LOG.warn("egress policy of {} not re-applied: {}", sandboxId, e.getMessage());
        }
    }

    private synchronized boolean learn(String name, Collection<DnsMessage.Address> addresses) {
        if (addresses.isEmpty()) return false;
        String key = NamePattern.normalise(name);
        long ttl = addresses.stream().mapToLong(DnsMessage.Address::ttlSeconds).min().orElse(0);
        Learned old = learned.remove(key);
        Set<InetAddress> all = new LinkedHashSet<>();
        if (old != null) all.addAll(old.addresses());
        boolean grew = false;
        for (DnsMessage.Address a : addresses) grew |= all.add(a.address());
        Instant until = Instant.now().plusSeconds(Math.max(ttl, MIN_KEEP_SECONDS));
        learned.put(key, new Learned(key, Set.copyOf(all), old != null && old.until().isAfter(until) ? old.until() : until));
        while (learned.size() > MAX_NAMES) learned.remove(learned.keySet().iterator().next());
        return grew;
    }

    private void relay(DataInputStream in) {
        try {
            while (true) {
                int id = in.readInt();
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                dns.execute(() -> {
                    byte[] answer = answer(query);
                    if (answer != null) send(id, answer);
                });
            }
        } catch (EOFException e) {
            // the relay ended with the sandbox
        } catch (IOException e) {
            if (!closed) LOG.warn("DNS relay of {} failed: {}", sandboxId, e.getMessage());
        } finally {
            closed = true;
        }
    }

    private void send(int id, byte[] answer) {
        synchronized (relayIn) {
            try {
                relayIn.writeInt(id);
                relayIn.writeShort(answer.length);
                relayIn.write(answer);
                relayIn.flush();
            } catch (IOException e) {
                closed = true;
            }
        }
    }

    /**
     * The answer the sandbox gets: NXDOMAIN for a denied name (and, in allowlist mode, for any
     * name not allowed); an allowed name's addresses are put in the ruleset before the answer goes
     * out, so the connection that follows is let through.
     */
    byte[] answer(byte[] query) {
        DnsMessage.Question q = DnsMessage.question(query);
        if (q == null) return null;
        EgressPolicy.Rules r = rules;
        String name = NamePattern.normalise(q.name());
        boolean addressQuery = q.type() == DnsMessage.TYPE_A || q.type() == DnsMessage.TYPE_AAAA;
        NamePattern denied = r.denied(name);
        if (denied != null) {
            refusedNames.accept(new RefusedName(name, Refusal.DENIED_NAME));
            if (!denied.wildcard() && addressQuery) {
                byte[] real = upstream.ask(query, UPSTREAM_TIMEOUT_MS);
                if (real != null && learn(name, DnsMessage.addresses(real))) reapply();
            }
            return DnsMessage.reply(query, q, DnsMessage.NXDOMAIN);
        }
        boolean allowed = r.allowed(name);
        if (!allowed && allowlist) {
            refusedNames.accept(new RefusedName(name, Refusal.NOT_ALLOWED));
            return DnsMessage.reply(query, q, DnsMessage.NXDOMAIN);
        }
        byte[] real = upstream.ask(query, UPSTREAM_TIMEOUT_MS);
        if (real == null) return DnsMessage.reply(query, q, DnsMessage.SERVFAIL);
        if (allowed && addressQuery && learn(name, DnsMessage.addresses(real))) {
            try {
                apply();
            } catch (IOException e) {
                LOG.warn("addresses of {} not opened for {}: {}", name, sandboxId, e.getMessage());
                return DnsMessage.reply(query, q, DnsMessage.SERVFAIL);
            }
        }
        return real;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (sb.length() > 200) break;
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
