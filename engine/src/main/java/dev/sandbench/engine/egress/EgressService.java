package dev.sandbench.engine.egress;

import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.events.EventBus;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.runtime.SandboxNetns;
import dev.sandbench.engine.sandbox.CreateSandboxRequest;
import dev.sandbench.engine.sandbox.EgressRules;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;
import dev.sandbench.engine.store.Database;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Egress policies of sandboxes with network: stored per sandbox, applied when one starts,
 * changed live, and every refused connection (or refused DNS name) recorded in the sandbox's log
 * and published as {@code sandbox.egress_refused}, which sessions record.
 */
public final class EgressService implements SandboxService.NetworkPolicy, AutoCloseable {
    public static final String EVENT = "sandbox.egress_refused";

    private final EgressStore store;
    private final SandboxService sandboxes;
    private final EventBus bus;
    private final HostAddresses hosts = new HostAddresses();
    private final Upstream upstream = Upstream.fromEnvironment();
    private final Map<String, SandboxEgress> live = new ConcurrentHashMap<>();
    private final Map<String, Throttle> throttles = new ConcurrentHashMap<>();
    private final AtomicInteger dnsThreads = new AtomicInteger();
    /**
     * Answers sandboxes' queries. The queue is bounded and what does not fit is dropped (a resolver
     * asks again): a sandbox flooding its DNS must not grow the engine's memory.
     */
    private final ExecutorService dns = new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024), r -> {
        Thread t = new Thread(r, "egress-resolver-" + dnsThreads.incrementAndGet());
        t.setDaemon(true);
        return t;
    }, new ThreadPoolExecutor.DiscardPolicy());
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "egress-sweeper");
        t.setDaemon(true);
        return t;
    });

    public EgressService(Database db, SandboxService sandboxes, EventBus bus) {
        this.store = new EgressStore(db);
        this.sandboxes = sandboxes;
        this.bus = bus;
        hosts.onChange(() -> live.values().forEach(SandboxEgress::reapply));
        hosts.follow();
        sweeper.scheduleWithFixedDelay(this::sweep, 60, 60, TimeUnit.SECONDS);
        bus.addListener((account, e) -> {
            if (e.type().equals("sandbox.destroyed") && e.sandboxId() != null) {
                store.delete(e.sandboxId());
                throttles.remove(e.sandboxId());
            }
        });
    }

    /** For {@code /v1/info}: how network isolation works here. */
    public Map<String, Object> describe(List<String> missing) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modes", missing.isEmpty() ? List.of("none", "full", "allowlist") : List.of("none"));
        m.put("none", "an empty network namespace: loopback only");
        m.put("egress", missing.isEmpty()
                ? "slirp4netns (host loopback disabled) behind nftables in the sandbox's own network namespace, "
                + "installed by the engine where the sandbox holds no capability; DNS answered by the engine's resolver"
                : "unavailable: needs " + String.join(", ", missing));
        m.put("refused_by_default", defaults().stream().map(d -> d.network() + " (" + d.reason() + ")").toList());
        m.put("host_addresses", hosts.current().stream().map(Cidr::text).toList());
        m.put("dns_upstream", upstream.servers().stream().map(s -> Cidr.text(s.getAddress()) + ":" + s.getPort()).toList());
        return m;
    }

    @Override
    public void check(CreateSandboxRequest req, String networkMode) {
        EgressPolicy p = policyOf(req, networkMode);
        p.rules();
        if ("none".equals(networkMode) && (!p.allow().isEmpty() || !p.deny().isEmpty())) {
            throw ApiException.badRequest("egress rules need network_mode 'full' or 'allowlist'; this sandbox has none");
        }
    }

    @Override
    public void created(SandboxRecord r, CreateSandboxRequest req) {
        if (!r.networkMode().equals("none")) store.put(r.id(), policyOf(req, r.networkMode()).normalised());
    }

    /** The create request's rules: {@code egress}, with the contract's {@code allowlist} names added to allow. */
    private static EgressPolicy policyOf(CreateSandboxRequest req, String mode) {
        EgressPolicy p = req.egress() == null ? EgressPolicy.NONE : new EgressPolicy(req.egress().allow(), req.egress().deny());
        if (req.allowlist() == null || req.allowlist().isEmpty()) return p;
        List<String> allow = new ArrayList<>(p.allow());
        allow.addAll(req.allowlist());
        return new EgressPolicy(allow, p.deny());
    }

    @Override
    public void attach(SandboxRecord r, RunningSandbox s) throws IOException {
        SandboxNetns netns = s.netns().orElseThrow();
        SandboxEgress e = new SandboxEgress(r.id(), netns, r.networkMode().equals("allowlist"), store.get(r.id()), hosts,
                upstream, dns, refused -> refused(r, refused), name -> refusedName(r, name));
        e.start();
        live.put(r.id(), e);
    }

    public EgressView get(Principal p, String id) {
        SandboxRecord r = sandboxes.get(p, id);
        return view(r);
    }

    public EgressView put(Principal p, String id, EgressRules update) {
        SandboxRecord r = sandboxes.get(p, id);
        if (r.networkMode().equals("none")) {
            throw ApiException.conflict("sandbox " + id + " has network_mode 'none': it has no network to apply rules to");
        }
        EgressPolicy policy = (update == null ? EgressPolicy.NONE : new EgressPolicy(update.allow(), update.deny())).normalised();
        store.put(id, policy);
        SandboxEgress e = running(id);
        if (e != null) {
            try {
                e.update(policy);
            } catch (IOException ex) {
                throw ApiException.unavailable("the rules are saved but could not be applied to the running sandbox: "
                        + ex.getMessage());
            }
        }
        sandboxes.logs().append(id, "network", "egress policy changed: allow " + policy.allow() + ", deny " + policy.deny());
        return view(sandboxes.get(p, id));
    }

    private SandboxEgress running(String id) {
        SandboxEgress e = live.get(id);
        if (e != null && e.closed()) {
            live.remove(id, e);
            return null;
        }
        return e;
    }

    private EgressView view(SandboxRecord r) {
        EgressPolicy policy = r.networkMode().equals("none") ? EgressPolicy.NONE : store.get(r.id());
        SandboxEgress e = running(r.id());
        List<EgressView.Resolved> resolved = new ArrayList<>();
        if (e != null) {
            EgressPolicy.Rules rules = policy.rules();
            for (SandboxEgress.Learned l : e.learned()) {
                String verdict = rules.denied(l.name()) != null ? "denied" : rules.allowed(l.name()) ? "allowed" : "unlisted";
                resolved.add(new EgressView.Resolved(l.name(), l.addresses().stream().map(Cidr::text).toList(),
                        verdict, Ids.timestamp(l.until())));
            }
        }
        return new EgressView(r.id(), r.networkMode(), policy.allow(), policy.deny(), defaults(),
                hosts.current().stream().map(Cidr::text).toList(), resolved, e != null);
    }

    static List<EgressView.DefaultRule> defaults() {
        List<EgressView.DefaultRule> out = new ArrayList<>();
        out.add(new EgressView.DefaultRule("host addresses", Refusal.HOST_ADDRESS.code()));
        for (NftRuleset.Default d : NftRuleset.DEFAULTS) out.add(new EgressView.DefaultRule(d.net().toString(), d.reason().code()));
        out.add(new EgressView.DefaultRule(NftRuleset.SLIRP + " (always)", Refusal.ENGINE_NETWORK.code()));
        return out;
    }

    private void refused(SandboxRecord r, RefusalMonitor.Refused x) {
        String where = x.destination() + (x.port() > 0 ? " port " + x.port() : "");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("destination", x.destination());
        data.put("port", x.port());
        data.put("protocol", x.protocol());
        data.put("reason", x.reason().code());
        publish(r, data, "refused " + x.protocol() + " to " + where + ": " + x.reason().description());
    }

    private void refusedName(SandboxRecord r, SandboxEgress.RefusedName n) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", n.name());
        data.put("protocol", "dns");
        data.put("reason", n.reason().code());
        publish(r, data, "refused DNS name " + n.name() + ": " + n.reason().description());
    }

    /** Recorded in the sandbox's log and on the event stream; past 20 a second the excess is counted, not listed. */
    private void publish(SandboxRecord r, Map<String, Object> data, String message) {
        Throttle t = throttles.computeIfAbsent(r.id(), k -> new Throttle());
        long suppressed = t.take();
        if (suppressed < 0) return;
        if (suppressed > 0) {
            data.put("suppressed_before", suppressed);
            message += " (" + suppressed + " more refusals before this one were not listed)";
        }
        data.put("message", message);
        sandboxes.logs().append(r.id(), "network", message);
        bus.publish(r.accountId(), EVENT, r.id(), data);
    }

    /** A token bucket: 20 a second, bursts of 100. */
    private static final class Throttle {
        private double tokens = 100;
        private long last = System.nanoTime();
        private long dropped;

        /** -1 when over the rate, else how many were dropped since the last one let through. */
        synchronized long take() {
            long now = System.nanoTime();
            tokens = Math.min(100, tokens + (now - last) / 1e9 * 20);
            last = now;
            if (tokens < 1) {
                dropped++;
                return -1;
            }
            tokens -= 1;
            long d = dropped;
            dropped = 0;
            return d;
        }
    }

    private void sweep() {
        live.entrySet().removeIf(en -> en.getValue().closed());
        live.values().forEach(SandboxEgress::reapply);
        hosts.refresh();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        dns.shutdownNow();
        hosts.close();
    }

}
