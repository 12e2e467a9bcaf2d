package dev.sandbench.engine;

import dev.sandbench.engine.core.FileTrees;
import dev.sandbench.engine.core.EngineConfig;
import dev.sandbench.engine.account.AccountRoutes;
import dev.sandbench.engine.account.Accounts;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.egress.EgressRoutes;
import dev.sandbench.engine.egress.EgressService;
import dev.sandbench.engine.exec.ExecRoutes;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.files.FileRoutes;
import dev.sandbench.engine.files.FileService;
import dev.sandbench.engine.git.Git;
import dev.sandbench.engine.git.GitRoutes;
import dev.sandbench.engine.runtime.BubblewrapRuntime;
import dev.sandbench.engine.runtime.Cgroups;
import dev.sandbench.engine.runtime.HostTools;
import dev.sandbench.engine.sandbox.SandboxRoutes;
import dev.sandbench.engine.sandbox.HostUidBlock;
import dev.sandbench.engine.sandbox.SandboxService;
import dev.sandbench.engine.sandbox.Templates;
import dev.sandbench.engine.storage.Storage;
import dev.sandbench.engine.store.Database;
import dev.sandbench.engine.system.SystemRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;

/**
 * A running engine: the HTTP API over the sandbox runtime, with its state in a data directory.
 * The workbench starts one embedded; {@link EngineMain} starts one headless.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    public static final String VERSION = "0.1.0";

    private final EngineConfig config;
    private final Database db;
    private final HttpApi api;
    private final SandboxService sandboxes;
    /** Null until the engine started. */
    private dev.sandbench.engine.system.NativeHeap nativeHeap;
    private final ExecService exec;
    private final dev.sandbench.engine.events.EventBus events;
    private final dev.sandbench.engine.jobs.JobService jobs;
    private final dev.sandbench.engine.sessions.SessionService sessions;
    private final dev.sandbench.engine.alerts.AlertService alerts;
    private final BubblewrapRuntime runtime;
    private final dev.sandbench.engine.mcp.McpRoutes mcp;
    private final dev.sandbench.engine.compat.CompatServices compat;
    private final dev.sandbench.engine.compat.cage.CageRoutes cage;
    private final dev.sandbench.engine.compat.sandkasten.SandkastenRoutes sandkasten;
    private final EgressService egress;
    private volatile String baseUrl;
    private final Path adminKeyFile;
    private final String adminKey;
    private volatile String problem;

    private final DataDirLock lock;
    private final Storage storage;
    /** The host uids this engine's sandboxes run as (root engines only). */
    private final HostUidBlock uids;

    private Engine(EngineConfig config, DataDirLock lock, Storage storage) throws IOException {
        this.config = config;
        this.lock = lock;
        this.storage = storage;
        Path data = config.dataDir().toAbsolutePath().normalize();
        // Traversable but not listable: sandboxes run as their own uids and must reach their own directory.
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx--x--x"));
        Path sandboxesDir = storage.root().resolve("sandboxes");
        Files.createDirectories(sandboxesDir);
        Files.setPosixFilePermissions(sandboxesDir, PosixFilePermissions.fromString("rwx--x--x"));
        Path runtimeDir = data.resolve("runtime");
        Files.createDirectories(runtimeDir);
        Files.setPosixFilePermissions(runtimeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            this.db = new Database(data.resolve("engine.db"));
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot open the engine database in " + data + ": " + e.getMessage(), e);
        }
        for (String f : List.of("engine.db", "engine.db-wal", "engine.db-shm")) {
            Path p = data.resolve(f);
            if (Files.exists(p)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        }
        Accounts accounts = new Accounts(db);
        this.adminKeyFile = data.resolve("admin.key");
        String created = accounts.ensureAdmin();
        if (created == null && !Files.exists(adminKeyFile)) {
            created = accounts.rotateAdminKey();
            LOG.warn("{} was missing: issued a new admin key and revoked the old one", adminKeyFile);
        }
        if (created != null) {
            writeSecret(adminKeyFile, created);
        }
        this.adminKey = Files.readString(adminKeyFile, StandardCharsets.UTF_8).strip();

        HostTools tools = HostTools.find();
        Cgroups cgroups = Cgroups.detect("sandbench-" + shortHash(data.toString()));
        this.runtime = new BubblewrapRuntime(tools, cgroups, runtimeDir);
        if (runtime.separateUids()) {
            requireTraversable(data);
        }
        Templates templates = new Templates();
        // Measured off the request path: the first create or list would otherwise wait for node --version.
        templates.measureInBackground();
        this.uids = runtime.separateUids() ? HostUidBlock.claim(data) : null;
        this.sandboxes = new SandboxService(db, runtime, templates, sandboxesDir, config, storage, uids);
        this.exec = new ExecService(sandboxes, config);
        sandboxes.setInitRunner(exec::runInit);
        FileService files = new FileService();
        this.events = new dev.sandbench.engine.events.EventBus();
        sandboxes.setEvents(events);
        exec.setEvents(events);
        dev.sandbench.engine.exec.CodeService code = new dev.sandbench.engine.exec.CodeService(sandboxes, exec, config);
        this.jobs = new dev.sandbench.engine.jobs.JobService(sandboxes, exec, code, events);

        this.api = new HttpApi(VERSION, accounts,
                new dev.sandbench.engine.api.RateLimiter(config.rateLimit(), Math.max(1, config.rateLimit() * 4)));
        SystemRoutes.register(api, VERSION, sandboxes, () -> problem, this::info);
        AccountRoutes.register(api, accounts, sandboxes::usage);
        SandboxRoutes.register(api, sandboxes);
        this.egress = new EgressService(db, sandboxes, events);
        sandboxes.setNetworkPolicy(egress);
        EgressRoutes.register(api, egress);
        this.sessions = new dev.sandbench.engine.sessions.SessionService(db, sandboxes, events, data, config.record(),
                config.sessionRetention());
        exec.setRecorder(sessions::record);
        events.addListener(sessions::onEngineEvent);
        ExecRoutes.register(api, exec, code);
        dev.sandbench.engine.jobs.JobRoutes.register(api, jobs);
        FileRoutes.register(api, sandboxes, files, events, sessions);
        dev.sandbench.engine.sessions.SessionRoutes.register(api, sessions);
        dev.sandbench.engine.terminal.TerminalRoutes.register(api, sandboxes, sessions);
        dev.sandbench.engine.events.EventRoutes.register(api, events);
        this.alerts = new dev.sandbench.engine.alerts.AlertService(db, events, sandboxes);
        dev.sandbench.engine.alerts.AlertRoutes.register(api, alerts);
        dev.sandbench.engine.snapshots.SnapshotService snapshots =
                new dev.sandbench.engine.snapshots.SnapshotService(db, sandboxes, events, data);
        sandboxes.setProvisioner(snapshots);
        dev.sandbench.engine.snapshots.SnapshotRoutes.register(api, snapshots, sandboxes);
        dev.sandbench.engine.snapshots.CompareRoutes.register(api,
                new dev.sandbench.engine.snapshots.SnapshotCompare(snapshots, sandboxes));
        dev.sandbench.engine.travel.TravelRoutes.register(api,
                new dev.sandbench.engine.travel.TimeTravel(sessions, snapshots, sandboxes, files), events);
        Git git = new Git(sandboxes, exec);
        GitRoutes.register(api, git);
        this.mcp = dev.sandbench.engine.mcp.McpRoutes.register(api, VERSION, sandboxes, exec, code, files, git, snapshots,
                events, sessions);
        sandboxes.setBaseUrl(() -> baseUrl);
        // The foreign SDKs' APIs on the same listener, over the same services (docs/decisions/0014).
        this.compat = dev.sandbench.engine.compat.CompatServices.create(VERSION, data, api,
                config.dev(), db, sandboxes, exec, code, files, jobs, events, sessions);
        dev.sandbench.engine.compat.CompatHealth.register(compat, () -> problem);
        this.cage = dev.sandbench.engine.compat.cage.CageRoutes.register(compat);
        this.sandkasten = dev.sandbench.engine.compat.sandkasten.SandkastenRoutes.register(compat);
        dev.sandbench.engine.compat.cloud.CloudRoutes.register(compat);
        dev.sandbench.engine.compat.agentcube.AgentCubeRoutes.register(compat);
        if (config.dev()) {
            LOG.warn("development mode: the compatible APIs accept their SDKs' published quick-start credentials "
                    + "(CAGE dev_<user> keys and key-less /mcp, Sandkasten sk-sandbox-quickstart, Cloud Sandbox tokens "
                    + "minted without a key, AgentCube without credentials) as the admin account");
        }

        this.problem = runtime.selfTest(runtimeDir.resolve("selftest"), uids == null ? -1 : uids.first() + uids.size() - 1);
        FileTrees.delete(runtimeDir.resolve("selftest"));
        if (problem != null) {
            LOG.error("sandboxes cannot be created on this host: {}", problem);
        }
        sandboxes.recover();
        nativeHeap = dev.sandbench.engine.system.NativeHeap.every(30);
        sessions.startRetention();
        alerts.start();
        if (problem == null) {
            sandboxes.startWarmPool(config.warmPool());
        }
    }

    /** Starts an engine; the port may be 0 for any free port. */
    public static Engine start(EngineConfig config) throws IOException {
        if (config.dev()) {
            try {
                dev.sandbench.engine.compat.DevMode.requireLoopback(config.bind());
            } catch (IllegalArgumentException refused) {
                throw new IOException(refused.getMessage(), refused);
            }
        }
        Path data = config.dataDir().toAbsolutePath().normalize();
        refuseVisibleDataDir(data);
        Files.createDirectories(data);
        DataDirLock lock = DataDirLock.acquire(data);
        Engine e;
        Storage storage = null;
        try {
            storage = Storage.open(data, config.storageBytes(), BubblewrapRuntime.unixUid() == 0);
            e = new Engine(config, lock, storage);
        } catch (IOException | RuntimeException | Error ex) {
            if (storage != null) storage.close();
            lock.close();
            throw ex;
        }
        try {
            e.api.start(config.bind(), config.port());
            e.baseUrl = e.url();
            lock.publish(e.baseUrl);
        } catch (RuntimeException ex) {
            e.closeServices();
            throw new IOException("cannot listen on " + config.bind() + ":" + config.port() + ": " + rootMessage(ex), ex);
        }
        return e;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }

    public SystemRoutes.Info info() {
        return new SystemRoutes.Info(VERSION, "bubblewrap", runtime.cgroups().mechanism(), runtime.isolation(),
                SystemRoutes.limits(runtime.cgroups(), storage), runtime.networkMissing().isEmpty()
                ? List.of("none", "full", "allowlist") : List.of("none"),
                runtime.separateUids(), config.dataDir().toAbsolutePath().toString(), config.execTimeoutMs(),
                config.outputCapBytes(), FileService.MAX_TEXT_BYTES, sandboxes.warmPool()[0], sandboxes.warmPool()[1],
                dev.sandbench.engine.exec.CodeService.languages(), config.dev(), compat.routes().apis(),
                egress.describe(runtime.networkMissing()));
    }

    public int port() { return api.port(); }

    public String url() {
        String host = config.bind().equals("0.0.0.0") ? "127.0.0.1" : config.bind();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public String adminKey() { return adminKey; }

    public Path adminKeyFile() { return adminKeyFile; }

    /** Null when sandboxes can be created, else what is wrong and how to fix it. */
    public String problem() { return problem; }

    public List<String> routes() { return api.openApi().operations(); }

    private void closeServices() {
        if (nativeHeap != null) nativeHeap.close();
        mcp.close();
        cage.close();
        sandkasten.close();
        jobs.close();
        sandboxes.close();
        egress.close();
        sessions.close();
        alerts.close();
        exec.close();
        runtime.shutdown();
        runtime.cgroups().removeParentIfEmpty();
        storage.close();
        if (uids != null) uids.close();
        db.close();
        lock.close();
    }

    @Override
    public void close() {
        events.close();
        try {
            api.stop();
        } catch (RuntimeException e) {
            LOG.warn("the HTTP server did not stop cleanly: {}", e.getMessage());
        }
        closeServices();
    }

    private static void refuseVisibleDataDir(Path data) throws IOException {
        for (String visible : List.of("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib64", "/opt")) {
            if (data.startsWith(visible)) {
                throw new IOException("the data directory " + data + " is under " + visible
                        + ", which every sandbox can read: choose a directory elsewhere");
            }
        }
    }

    /** Sandboxes run as their own uids when the engine is root, so they must be able to reach the data dir. */
    private static void requireTraversable(Path data) throws IOException {
        for (Path p = data.getParent(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException("the data directory " + data + " is inside " + p + ", which other users cannot "
                        + "enter (mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + "); as root "
                        + "the engine runs each sandbox as its own uid, which needs to reach its directory: use a "
                        + "data directory such as /var/lib/sandbench/engine");
            }
        }
    }

    private static void writeSecret(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    static String shortHash(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
