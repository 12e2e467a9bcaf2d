package dev.sandbench.engine.sandbox;

import dev.sandbench.engine.core.EngineConfig;
import dev.sandbench.engine.core.FileTrees;
import dev.sandbench.engine.core.Ids;
import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.runtime.BubblewrapRuntime;
import dev.sandbench.engine.runtime.Limits;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.runtime.SandboxCgroup;
import dev.sandbench.engine.runtime.SandboxSpec;
import dev.sandbench.engine.storage.Storage;
import dev.sandbench.engine.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sandbox lifecycle: create, start, pause, resume, stop, destroy and expiry, with the state
 * in SQLite and the processes in the runtime. A sandbox's transitions are serialised on its id.
 */
public final class SandboxService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxService.class);
    /** disk_gb of warm sandboxes, and of creates that do not say. */
    private static final int WARM_DISK_GB = 5;

    private final SandboxStore store;
    private final SandboxLogs logs;
    private final BubblewrapRuntime runtime;
    private final Templates templates;
    private final TemplateNames templateNames;
    private final Path sandboxesDir;
    private final EngineConfig config;
    private final Storage storage;
    private final SandboxDirs dirs;
    /** The host uids this engine may give sandboxes (null when they share the engine's). */
    private final HostUidBlock uids;
    /** Sandboxes told (by an alert) that they reached a disk limit the kernel holds them to. */
    private final java.util.Set<String> diskFullSeen = ConcurrentHashMap.newKeySet();
    private final Map<String, RunningSandbox> running = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Long> oomSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> pidsHitsSeen = new ConcurrentHashMap<>();
    private volatile dev.sandbench.engine.events.EventBus bus;
    private final Map<String, Long> diskUsage = new ConcurrentHashMap<>();
    /** Host uids held by warm sandboxes, which have no database row yet. */
    private final java.util.Set<Integer> reservedUids = new java.util.HashSet<>();
    private volatile WarmPool pool;
    private volatile Provisioner provisioner;
    private static final java.util.regex.Pattern WORKSPACE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private volatile dev.sandbench.engine.events.WorkspaceWatcher watcher;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "sandbox-monitor");
        t.setDaemon(true);
        return t;
    });
    private volatile InitRunner initRunner;
    private volatile NetworkPolicy networkPolicy;

    /**
     * The egress policy of sandboxes with network; supplied by the egress feature. Without one, a
     * sandbox's network stays closed (the runtime closes it before the link comes up).
     */
    public interface NetworkPolicy {
        /** Checks a create request's network rules (a 400 for a bad one) before anything exists. */
        void check(CreateSandboxRequest req, String networkMode);

        /** Records a new sandbox's rules. */
        void created(SandboxRecord r, CreateSandboxRequest req);

        /** Applies the sandbox's rules to its started network; a failure fails the start. */
        void attach(SandboxRecord r, RunningSandbox s) throws IOException;
    }

    public void setNetworkPolicy(NetworkPolicy policy) {
        this.networkPolicy = policy;
    }

    /** Runs a sandbox's init script; supplied by the exec feature. */
    @FunctionalInterface
    public interface InitRunner {
        String run(SandboxRecord sandbox, String script);
    }

    public SandboxService(Database db, BubblewrapRuntime runtime, Templates templates, Path sandboxesDir,
                          EngineConfig config, Storage storage, HostUidBlock uids) {
        this.storage = storage;
        this.uids = uids;
        this.dirs = new SandboxDirs(sandboxesDir, config.dataDir(), storage, runtime.separateUids());
        this.store = new SandboxStore(db);
        this.logs = new SandboxLogs(db);
        this.runtime = runtime;
        this.templates = templates;
        this.templateNames = new TemplateNames(templates);
        this.sandboxesDir = sandboxesDir;
        this.config = config;
    }

    /** Publishes every sandbox change (created, status, destroyed) on the live event stream. */
    public void setEvents(dev.sandbench.engine.events.EventBus bus) {
        this.bus = bus;
        try {
            this.watcher = new dev.sandbench.engine.events.WorkspaceWatcher(bus);
        } catch (IOException e) {
            LOG.warn("file changes inside sandboxes will not be reported: {}", e.getMessage());
        }
        store.onChange((r, kind) -> {
            java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("status", r.status());
            if (r.statusReason() != null) data.put("reason", r.statusReason());
            if (!kind.equals("destroyed")) data.put("sandbox", view(r));
            bus.publish(r.accountId(), "sandbox." + kind, r.id(), data);
        });
    }

    private volatile java.util.function.Supplier<String> baseUrl = () -> null;

    /** Where the engine listens, for the absolute URLs in a sandbox's JSON (its {@code mcp_url}). */
    public void setBaseUrl(java.util.function.Supplier<String> url) {
        this.baseUrl = url;
    }

    /** A sandbox as the API shows it. */
    public SandboxView view(SandboxRecord r) {
        return SandboxView.of(r, baseUrl.get(), templates.runtimeVersions(r.localTemplate()));
    }

    public void setInitRunner(InitRunner r) {
        this.initRunner = r;
    }

    public SandboxLogs logs() {
        return logs;
    }

    public Templates templates() {
        return templates;
    }

    public BubblewrapRuntime runtime() {
        return runtime;
    }

    /** After a restart: processes died with the old engine; say so, and clear what they left. */
    public void recover() {
        int leftovers = runtime.cgroups().removeLeftovers();
        if (leftovers > 0) LOG.info("removed {} cgroups left by an earlier run", leftovers);
        for (SandboxRecord r : store.listByStatus(SandboxStatus.PENDING, SandboxStatus.RUNNING, SandboxStatus.PAUSED)) {
            store.setStatus(r.id(), SandboxStatus.STOPPED, "the engine restarted; the sandbox's processes ended "
                    + "(its files are intact: POST /v1/sandboxes/" + r.id() + "/start)");
            logs.append(r.id(), "system", "engine restarted: sandbox stopped, files kept");
            // An upload cut off by the crash left its staging file (never its target): nothing
            // runs in the sandbox now, so the host can clear them without a race.
            int staged = 0;
            for (Path dir : stateDirs(r).values()) staged += FileTrees.deleteNamed(dir, FileTrees.UPLOAD_STAGING_PREFIX);
            if (staged > 0) logs.append(r.id(), "system", "removed " + staged + " unfinished upload(s) cut off by the restart");
        }
        removeOrphanDirectories();
        scheduler.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::monitor, 1, 1, TimeUnit.SECONDS);
    }

    /** Directories no sandbox owns any more: warm sandboxes of an earlier run, half-made creates. */
    private void removeOrphanDirectories() {
        dirs.removeOrphans(store.liveRuntimeNames());
    }

    public SandboxRecord create(Principal p, CreateSandboxRequest req) {
        TemplateNames.Resolution resolved = templateNames.resolve(req.template());
        Template template = resolved.template();
        if (!template.available()) {
            throw ApiException.unprocessable("template '" + template.name() + "' is not available on this engine: "
                    + template.reason());
        }
        refuseUnsupported(req);
        int hostCpus = Runtime.getRuntime().availableProcessors();
        double cpus = req.cpus() == null ? Math.min(2, hostCpus) : req.cpus();
        if (!(cpus > 0) || cpus > hostCpus) {
            throw ApiException.unprocessable("cpus must be more than 0 and at most " + hostCpus + " (this host's CPUs), got " + cpus);
        }
        int memoryMb = req.memoryMb() == null ? 512 : req.memoryMb();
        long hostMb = hostMemoryMb();
        if (memoryMb < 16 || memoryMb > hostMb) {
            throw ApiException.unprocessable("memory_mb must be between 16 and " + hostMb + " (this host's memory), got " + memoryMb);
        }
        double diskGb = req.diskGb() == null ? WARM_DISK_GB : req.diskGb();
        if (!(diskGb > 0) || diskGb > 16_384) {
            throw ApiException.unprocessable("disk_gb must be more than 0 and at most 16384, got " + diskGb);
        }
        int pids = req.pidsLimit() == null ? 512 : req.pidsLimit();
        if (pids < 8 || pids > 65_536) {
            throw ApiException.unprocessable("pids_limit must be between 8 and 65536, got " + pids);
        }
        String network = req.networkMode() == null ? "none" : req.networkMode();
        switch (network) {
            case "none" -> { }
            case "full", "allowlist" -> {
                List<String> missing = runtime.networkMissing();
                if (!missing.isEmpty() || this.networkPolicy == null) {
                    throw ApiException.unprocessable("network_mode '" + network + "' needs on the engine host: "
                            + (missing.isEmpty() ? "the egress feature" : String.join(", ", missing)));
                }
            }
            default -> throw ApiException.badRequest("network_mode must be 'none', 'full' or 'allowlist', got '" + network + "'");
        }
        if (this.networkPolicy != null) this.networkPolicy.check(req, network);
        Map<String, String> env = EnvVars.validated(req.env());
        Long timeout = req.timeout() == null ? (config.defaultTimeoutSeconds() > 0 ? config.defaultTimeoutSeconds() : null)
                : req.timeout();
        if (timeout != null && (timeout < 1 || timeout > 365L * 24 * 3600)) {
            throw ApiException.unprocessable("timeout must be between 1 second and 365 days, got " + timeout);
        }
        if (req.name() != null && req.name().length() > 200) {
            throw ApiException.badRequest("name must be at most 200 characters");
        }
        Map<String, String> labels = req.labels() == null ? Map.of() : req.labels();
        if (labels.size() > 64) {
            throw ApiException.badRequest("at most 64 labels");
        }
        if (req.budget() != null && req.budget() < 0) {
            throw ApiException.unprocessable("budget must not be negative");
        }

        if (req.workspaceId() != null && !WORKSPACE_NAME.matcher(req.workspaceId()).matches()) {
            throw ApiException.badRequest("workspace_id must be 1-64 letters, digits, '-', '_' or '.'");
        }
        if (req.fromSnapshot() != null) {
            if (provisioner == null) throw ApiException.unprocessable("snapshots are not available on this engine");
            provisioner.check(p, req.fromSnapshot());
        }
        String id = Ids.newId("sbx");
        // Where the disk limit is measured, a warm sandbox's file size cap (that of the default disk_gb) is fixed.
        boolean warmFits = storage.hard() || diskGb == WARM_DISK_GB;
        WarmPool.Warm warm = network.equals("none") && pool != null && req.workspaceId() == null && warmFits ? pool.take() : null;
        SandboxRecord record;
        synchronized (this) {
            int hostUid = warm != null ? warm.hostUid() : req.workspaceId() != null
                    ? workspaceUid(p.accountId(), req.workspaceId()) : allocateHostUid();
            record = new SandboxRecord(id, p.accountId(), req.name(), resolved.requested(), cpus, memoryMb, diskGb, pids,
                    network, new LinkedHashMap<>(env), new LinkedHashMap<>(labels), req.initScript(), timeout,
                    req.budget(), hostUid, SandboxStatus.PENDING, null,
                    Ids.now(), null, null, null, null, warm != null ? warm.runtimeName() : null, req.workspaceId(),
                    template.name());
            store.insert(record);
            if (warm != null) reservedUids.remove(warm.hostUid());
        }
        if (this.networkPolicy != null) this.networkPolicy.created(record, req);
        if (resolved.note() != null) logs.append(id, "system", resolved.note());
        synchronized (lock(id)) {
            try {
                if (warm != null) {
                    warm.sandbox().cgroup().update(limits(record));
                    dirs.limit(record, limits(record).diskBytes());
                    adopt(record, warm.sandbox());
                } else {
                    prepareDirectories(record);
                    adopt(record, runtime.start(spec(record)));
                }
                if (req.fromSnapshot() != null) {
                    provisioner.restoreInto(p, req.fromSnapshot(), store.get(id), running.get(id));
                    logs.append(id, "system", "forked from snapshot " + req.fromSnapshot());
                }
            } catch (IOException | RuntimeException e) {
                if (warm != null) warm.sandbox().stop();
                LOG.warn("sandbox {} failed to start", id, e);
                String why = hidePaths(record, e.getMessage());
                store.setStatus(id, SandboxStatus.ERROR, "failed to start: " + why);
                logs.append(id, "error", "failed to start: " + why);
                throw ApiException.unavailable("the sandbox could not be started: " + why);
            }
        }
        SandboxRecord started = store.get(id);
        if (record.initScript() != null && !record.initScript().isBlank() && initRunner != null) {
            String outcome = initRunner.run(started, record.initScript());
            logs.append(id, "init", outcome);
        }
        return store.get(id);
    }

    private static void refuseUnsupported(CreateSandboxRequest req) {
        if (req.repo() != null && !req.repo().isBlank()) {
            throw ApiException.unprocessable("'repo' (cloning a repository at creation) is not supported by this engine "
                    + "yet; create the sandbox with network_mode 'full' and run git clone through exec");
        }
        if (req.packages() != null && !req.packages().isEmpty()) {
            throw ApiException.unprocessable("'packages' is not supported by this engine yet; sandboxes use the host's "
                    + "installed runtimes (see GET /v1/templates)");
        }
        if (req.secrets() != null && !req.secrets().isEmpty()) {
            throw ApiException.unprocessable("'secrets' is not supported by this engine yet; pass values through 'env'");
        }
        if (req.agents() != null && !req.agents().isEmpty()) {
            throw ApiException.unprocessable("'agents' is not supported by this engine yet");
        }
    }

    private int allocateHostUid() {
        if (!runtime.separateUids()) {
            return (int) BubblewrapRuntime.unixUid();
        }
        // The block's last uid is the engine's self-test sandbox's.
        int first = uids.first();
        int range = uids.size() - 1;
        int next = store.maxHostUid() + 1;
        if (next < first || next >= first + range) next = first;
        for (int i = 0; i < range; i++) {
            int candidate = first + (next - first + i) % range;
            if (!store.hostUidInUse(candidate) && !reservedUids.contains(candidate)) return candidate;
        }
        throw ApiException.unavailable("no free host uid for another sandbox");
    }

    private Path dirOf(SandboxRecord r) {
        return dirs.dirOf(r);
    }

    /** The host directory mounted at /workspace: the sandbox's own, or its named workspace. */
    public Path workspaceDir(SandboxRecord r) {
        return dirs.workspaceDir(r);
    }

    /** The host directories of a sandbox's writable state, by the name they have inside (workspace, home, tmp). */
    public Map<String, Path> stateDirs(SandboxRecord r) {
        return dirs.stateDirs(r);
    }

    /** A new name for the engine's scratch work on a sandbox, beside its files (see {@link SandboxDirs#scratchDir}). */
    public Path scratchDir(SandboxRecord r, String purpose) {
        return dirs.scratchDir(r, purpose);
    }

    /** A message about a sandbox's files with the host's paths taken out (see {@link SandboxDirs#hidePaths}). */
    public String hidePaths(SandboxRecord r, String message) {
        return dirs.hidePaths(r, message);
    }

    /** Room for a restore's or import's staging in the sandbox's volume, until the returned handle runs. */
    public Runnable diskAllowance(SandboxRecord r) {
        return dirs.diskAllowance(r, limits(r).diskBytes());
    }

    /** The live process tree of a sandbox (null when it has none), for features that work below the API. */
    public RunningSandbox processes(String id) {
        return running.get(id);
    }

    /** Named workspaces keep one host uid for their life, so every sandbox mounting one can use its files. */
    private int workspaceUid(String accountId, String workspaceId) {
        Integer uid = store.workspaceUid(accountId, workspaceId);
        if (uid != null) return uid;
        int fresh = allocateHostUid();
        store.insertWorkspace(accountId, workspaceId, fresh, Ids.now());
        return fresh;
    }

    private void prepareDirectories(SandboxRecord r) throws IOException {
        dirs.prepare(r, limits(r).diskBytes());
    }

    public record Workspace(String id, String createdAt, boolean inUse) {}

    public List<Workspace> workspaces(Principal p) {
        return store.workspaces(p.accountId()).stream()
                .map(w -> new Workspace(w[0], w[1], store.workspaceInUse(p.accountId(), w[0]))).toList();
    }

    public void deleteWorkspace(Principal p, String workspaceId) {
        if (store.workspaceUid(p.accountId(), workspaceId) == null) {
            throw ApiException.notFound("workspace " + workspaceId + " does not exist");
        }
        if (store.workspaceInUse(p.accountId(), workspaceId)) {
            throw ApiException.conflict("workspace " + workspaceId + " is mounted by a sandbox; destroy that sandbox first");
        }
        FileTrees.delete(dirs.namedWorkspace(p.accountId(), workspaceId));
        store.deleteWorkspace(p.accountId(), workspaceId);
    }

    /** Fills a new sandbox from a snapshot (fork); supplied by the snapshots feature. */
    public interface Provisioner {
        void check(Principal p, String snapshotId);

        void restoreInto(Principal p, String snapshotId, SandboxRecord target, RunningSandbox processes);
    }

    public void setProvisioner(Provisioner p) {
        this.provisioner = p;
    }

    private SandboxSpec spec(SandboxRecord r) {
        return new SandboxSpec(r.runtimeName(), dirOf(r), r.hostUid(), !r.networkMode().equals("none"), limits(r),
                workspaceDir(r), !dirs.kernelLimited(r));
    }

    private static Limits limits(SandboxRecord r) {
        return new Limits(r.cpus(), (long) r.memoryMb() << 20, r.pidsLimit(), (long) (r.diskGb() * (1L << 30)));
    }

    /** Starts keeping {@code size} sandboxes warm; call once the runtime has proved it works. */
    public void startWarmPool(int size) {
        if (size <= 0) return;
        pool = new WarmPool(size, new WarmPool.Starter() {
            @Override
            public WarmPool.Warm start() throws IOException {
                String name = "rt_" + Ids.random(12);
                int uid;
                synchronized (SandboxService.this) {
                    uid = allocateHostUid();
                    reservedUids.add(uid);
                }
                Path root = sandboxesDir.resolve(name);
                try {
                    long disk = (long) WARM_DISK_GB << 30;
                    dirs.prepare(root, uid, true, disk);
                    int cpus = Math.min(2, Runtime.getRuntime().availableProcessors());
                    return new WarmPool.Warm(name, uid, runtime.start(
                            new SandboxSpec(name, root, uid, false, new Limits(cpus, 512L << 20, 512, disk), !storage.hard())));
                } catch (IOException | RuntimeException e) {
                    FileTrees.delete(root);
                    synchronized (SandboxService.this) {
                        reservedUids.remove(uid);
                    }
                    throw e;
                }
            }

            @Override
            public void discard(WarmPool.Warm w) {
                w.sandbox().stop();
                FileTrees.delete(sandboxesDir.resolve(w.runtimeName()));
                synchronized (SandboxService.this) {
                    reservedUids.remove(w.hostUid());
                }
            }
        });
        pool.refill();
    }

    /** Warm sandboxes ready now, and how many the engine keeps. */
    public int[] warmPool() {
        WarmPool p = pool;
        return p == null ? new int[]{0, 0} : new int[]{p.size(), p.target()};
    }

    /** Makes a started process tree the sandbox's. */
    private void adopt(SandboxRecord r, RunningSandbox s) throws IOException {
        if (s.netns().isPresent() && networkPolicy != null) {
            try {
                networkPolicy.attach(r, s);
            } catch (IOException | RuntimeException e) {
                s.stop();
                throw e;
            }
        }
        running.put(r.id(), s);
        if (watcher != null) watcher.watch(r.accountId(), r.id(), workspaceDir(r));
        oomSeen.put(r.id(), 0L);
        pidsHitsSeen.put(r.id(), Math.max(0, s.cgroup().stats().pidsLimitHits()));
        s.onExit().thenRun(() -> onExit(r.id(), s));
        Instant now = Instant.now();
        String expires = r.timeoutSeconds() == null ? null : Ids.timestamp(now.plusSeconds(r.timeoutSeconds()));
        store.setRunning(r.id(), Ids.timestamp(now), expires);
        logs.append(r.id(), "system", "sandbox started (" + r.localTemplate() + ", " + r.cpus() + " cpus, "
                + r.memoryMb() + " MB, network " + r.networkMode() + ")");
    }

    /** The process tree ended without the engine asking: record why. */
    private void onExit(String id, RunningSandbox s) {
        if (!running.remove(id, s)) {
            return; // stopped on purpose
        }
        synchronized (lock(id)) {
            SandboxCgroup.CgroupStats st = s.cgroup().stats();
            String why = st.oomKills() > 0 ? "the sandbox's init was killed after it exceeded its memory limit"
                    : "the sandbox's process tree exited unexpectedly";
            s.stop();
            SandboxRecord r = store.get(id);
            if (r != null && r.live()) {
                store.setStatus(id, SandboxStatus.ERROR, why);
                logs.append(id, "error", why);
                if (st.oomKills() > oomSeen.getOrDefault(id, 0L)) {
                    oomSeen.put(id, st.oomKills());
                    publishLimit(r, "memory", why, Map.of("memory_mb", r.memoryMb(), "kills", st.oomKills(),
                            "sandbox_stopped", true));
                }
            }
        }
    }

    public SandboxRecord get(Principal p, String id) {
        SandboxRecord r = store.get(id);
        if (r == null || !r.accountId().equals(p.accountId())) {
            throw ApiException.notFound("sandbox " + id + " does not exist");
        }
        if (r.status().equals(SandboxStatus.DESTROYED)) {
            throw ApiException.notFound("sandbox " + id + " was destroyed at " + r.destroyedAt());
        }
        return r;
    }

    /** The account's sandbox, destroyed ones included, or null. */
    public SandboxRecord find(Principal p, String id) {
        SandboxRecord r = store.get(id);
        return r == null || !r.accountId().equals(p.accountId()) ? null : r;
    }

    public List<SandboxRecord> list(Principal p) {
        return store.listLive(p.accountId());
    }

    /** The live process tree of a running sandbox, or a 409 that says what state it is in. */
    public RunningSandbox running(Principal p, String id) {
        SandboxRecord r = get(p, id);
        RunningSandbox s = running.get(id);
        if (s == null || !s.alive() || !r.status().equals(SandboxStatus.RUNNING)) {
            String hint = switch (r.status()) {
                case SandboxStatus.PAUSED -> "it is paused: POST /v1/sandboxes/" + id + "/resume";
                case SandboxStatus.STOPPED, SandboxStatus.ERROR -> "it is " + r.status()
                        + (r.statusReason() == null ? "" : " (" + r.statusReason() + ")")
                        + ": POST /v1/sandboxes/" + id + "/start";
                default -> "it is " + r.status();
            };
            throw ApiException.conflict("sandbox " + id + " is not running; " + hint);
        }
        return s;
    }

    public void destroy(Principal p, String id) {
        get(p, id);
        destroyNow(id, "destroyed");
    }

    private void destroyNow(String id, String why) {
        synchronized (lock(id)) {
            RunningSandbox s = running.remove(id);
            if (s != null) s.stop();
            if (watcher != null) watcher.unwatch(id);
            SandboxRecord r = store.get(id);
            store.setDestroyed(id, Ids.now());
            if (r != null) FileTrees.delete(dirOf(r));
            logs.delete(id);
            forgetMeasures(id);
            LOG.info("sandbox {} {}", id, why);
        }
        locks.remove(id);
    }

    public SandboxRecord pause(Principal p, String id) {
        synchronized (lock(id)) {
            SandboxRecord r = get(p, id);
            if (r.status().equals(SandboxStatus.PAUSED)) return r;
            RunningSandbox s = running(p, id);
            try {
                s.freeze();
            } catch (UnsupportedOperationException e) {
                throw ApiException.unprocessable("pause needs the cgroup freezer, which this engine host lacks: " + e.getMessage());
            }
            store.setPaused(id, Ids.now());
            logs.append(id, "system", "paused");
            return store.get(id);
        }
    }

    public SandboxRecord resume(Principal p, String id) {
        synchronized (lock(id)) {
            SandboxRecord r = get(p, id);
            if (r.status().equals(SandboxStatus.RUNNING)) return r;
            if (!r.status().equals(SandboxStatus.PAUSED)) {
                throw ApiException.conflict("sandbox " + id + " is " + r.status() + ", not paused");
            }
            RunningSandbox s = running.get(id);
            if (s == null) throw ApiException.conflict("sandbox " + id + " has no processes to resume");
            s.thaw();
            String expires = r.expiresAt();
            if (expires != null && r.pausedAt() != null) {
                Duration paused = Duration.between(Instant.parse(r.pausedAt()), Instant.now());
                expires = Ids.timestamp(Instant.parse(expires).plus(paused));
            }
            store.setResumed(id, expires);
            logs.append(id, "system", "resumed");
            return store.get(id);
        }
    }

    public SandboxRecord stop(Principal p, String id) {
        synchronized (lock(id)) {
            SandboxRecord r = get(p, id);
            RunningSandbox s = running.remove(id);
            if (s != null) s.stop();
            if (r.live()) {
                store.setStatus(id, SandboxStatus.STOPPED, "stopped on request");
                logs.append(id, "system", "stopped on request");
            }
            return store.get(id);
        }
    }

    public SandboxRecord start(Principal p, String id) {
        synchronized (lock(id)) {
            SandboxRecord r = get(p, id);
            if (r.status().equals(SandboxStatus.RUNNING) && running.containsKey(id)) return r;
            if (r.status().equals(SandboxStatus.PAUSED)) {
                throw ApiException.conflict("sandbox " + id + " is paused: resume it instead");
            }
            try {
                prepareDirectories(r);
                adopt(r, runtime.start(spec(r)));
            } catch (IOException | RuntimeException e) {
                LOG.warn("sandbox {} failed to start", id, e);
                String why = hidePaths(r, e.getMessage());
                store.setStatus(id, SandboxStatus.ERROR, "failed to start: " + why);
                throw ApiException.unavailable("the sandbox could not be started: " + why);
            }
            return store.get(id);
        }
    }

    /** The environment every process in the sandbox starts with. */
    public Map<String, String> environment(SandboxRecord r) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:" + BubblewrapRuntime.ALIASES_DIR);
        env.put("HOME", "/home/user");
        env.put("USER", "user");
        env.put("LOGNAME", "user");
        env.put("SHELL", Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh");
        env.put("LANG", "C.UTF-8");
        env.put("HOSTNAME", "sandbox");
        env.put("TMPDIR", "/tmp");
        env.put("SANDBOX_ID", r.id());
        env.putAll(r.env());
        return env;
    }

    public SandboxCgroup.CgroupStats cgroupStats(String id) {
        RunningSandbox s = running.get(id);
        return s == null ? SandboxCgroup.CgroupStats.NONE : s.cgroup().stats();
    }

    public long diskBytes(String id) {
        return diskUsage.computeIfAbsent(id, k -> diskOf(store.get(k)));
    }

    public Map<String, Object> usage(String accountId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sandboxes", store.countLive(accountId));
        m.put("limits", "none (self-hosted)");
        return m;
    }

    /** What the sandbox holds where its limit is measured (see {@link SandboxDirs#measure}). */
    private long diskOf(SandboxRecord r) {
        RunningSandbox s = running.get(r.id());
        return dirs.measure(r, s == null ? -1 : s.initPid());
    }

    private Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    private void expire() {
        try {
            String now = Ids.now();
            for (SandboxRecord r : store.listByStatus(SandboxStatus.RUNNING, SandboxStatus.STOPPED, SandboxStatus.ERROR)) {
                if (r.expiresAt() != null && r.expiresAt().compareTo(now) <= 0) {
                    destroyNow(r.id(), "expired after its " + r.timeoutSeconds() + " s lifetime");
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("expiry check failed", e);
        }
    }

    private void forgetMeasures(String id) {
        diskFullSeen.remove(id);
        oomSeen.remove(id);
        pidsHitsSeen.remove(id);
        diskUsage.remove(id);
    }

    /**
     * Disk and memory-kill watch. Where the kernel holds a sandbox to its disk limit this only
     * tells (an alert when it is reached); where the limit is measured, a sandbox over it is
     * stopped (docs/decisions/0015).
     */
    private void monitor() {
        Map<Path, Long> volumes = running.isEmpty() ? Map.of() : storage.usage();
        for (Map.Entry<String, RunningSandbox> e : running.entrySet()) {
            String id = e.getKey();
            try {
                SandboxRecord r = store.get(id);
                if (r == null) continue;
                SandboxCgroup.CgroupStats st = e.getValue().cgroup().stats();
                long kills = st.oomKills();
                long seen = oomSeen.getOrDefault(id, 0L);
                if (kills > seen) {
                    oomSeen.put(id, kills);
                    String why = "memory limit of " + r.memoryMb() + " MB hit: the kernel killed " + (kills - seen)
                            + " process(es) in the sandbox";
                    logs.append(id, "limit", why);
                    publishLimit(r, "memory", why, Map.of("memory_mb", r.memoryMb(), "kills", kills - seen));
                }
                long hits = st.pidsLimitHits();
                long hitsSeen = pidsHitsSeen.getOrDefault(id, 0L);
                if (hits > hitsSeen) {
                    pidsHitsSeen.put(id, hits);
                    String why = "process limit of " + r.pidsLimit() + " hit: " + (hits - hitsSeen)
                            + " fork(s) refused in the sandbox";
                    logs.append(id, "limit", why);
                    publishLimit(r, "pids", why, Map.of("pids_limit", r.pidsLimit(), "refused", hits - hitsSeen));
                }
                Long volume = volumes.get(dirOf(r));
                long used = volume != null ? volume : diskOf(r);
                diskUsage.put(id, used);
                if (!running.containsKey(id)) {
                    // Stopped or destroyed while it was measured: what was just put must not outlive it.
                    forgetMeasures(id);
                    continue;
                }
                long quota = (long) (r.diskGb() * (1L << 30));
                if (volume != null) {
                    // The kernel refuses the sandbox's writes past its limit: tell once per filling.
                    if (used >= quota - (quota >> 6) && diskFullSeen.add(id)) {
                        String why = "disk limit of " + (quota >> 20) + " MB reached: writes fail inside the sandbox "
                                + "(Disk quota exceeded) until it frees space";
                        logs.append(id, "limit", why);
                        publishLimit(r, "disk", why, Map.of("disk_bytes", used, "disk_limit", quota, "sandbox_stopped", false));
                    } else if (used < quota / 2) {
                        diskFullSeen.remove(id);
                    }
                } else if (used > quota) {
                    synchronized (lock(id)) {
                        RunningSandbox s = running.remove(id);
                        if (s != null) s.stop();
                        String why = "disk quota exceeded: " + (used >> 20) + " MB used of " + (quota >> 20)
                                + " MB; processes stopped, files kept";
                        store.setStatus(id, SandboxStatus.ERROR, why);
                        logs.append(id, "limit", why);
                        publishLimit(r, "disk", why, Map.of("disk_bytes", used, "disk_limit", quota,
                                "sandbox_stopped", true));
                    }
                }
            } catch (RuntimeException ex) {
                LOG.warn("monitor failed for {}", id, ex);
            }
        }
    }

    /**
     * A resource limit was hit: published as {@code sandbox.limit} so sessions record it and
     * alerts can be raised, without this class knowing about either.
     */
    private void publishLimit(SandboxRecord r, String limit, String message, Map<String, Object> extra) {
        var b = bus;
        if (b == null) return;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("limit", limit);
        data.put("message", message);
        data.putAll(extra);
        b.publish(r.accountId(), "sandbox.limit", r.id(), data);
    }

    /** Running or stopped sandboxes that expire before {@code timestamp} (for expiry warnings). */
    public List<SandboxRecord> expiringBefore(String timestamp) {
        return store.listByStatus(SandboxStatus.RUNNING, SandboxStatus.STOPPED, SandboxStatus.ERROR).stream()
                .filter(r -> r.expiresAt() != null && r.expiresAt().compareTo(timestamp) <= 0).toList();
    }

    /** The host's memory in MB: the most a sandbox may be given. */
    public static long hostMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // fall through
        }
        return 1 << 20;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        if (pool != null) pool.close();
        if (watcher != null) watcher.close();
        for (Map.Entry<String, RunningSandbox> e : running.entrySet()) {
            e.getValue().stop();
            store.setStatus(e.getKey(), SandboxStatus.STOPPED, "the engine shut down; files kept");
        }
        running.clear();
        logs.close();
    }
}
