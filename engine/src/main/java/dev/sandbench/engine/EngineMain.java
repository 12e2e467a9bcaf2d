package dev.sandbench.engine;

import dev.sandbench.engine.core.EngineConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar sandbench-engine.jar --port P --data-dir D [--bind ADDR] [--default-timeout S] [--dev]}. */
public final class EngineMain {
    private EngineMain() {}

    public static void main(String[] args) throws InterruptedException {
        EngineConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sandbench-engine: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (config == null) {
            System.out.println(usage());
            return;
        }
        Engine engine;
        try {
            engine = Engine.start(config);
        } catch (IOException e) {
            System.err.println("sandbench-engine: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            done.countDown();
        }, "engine-shutdown"));
        System.out.println("Sandbench engine " + Engine.VERSION + " listening on " + engine.url()
                + (config.dev() ? " (development mode)" : ""));
        System.out.println("Admin API key: " + engine.adminKeyFile());
        System.out.println("Compatible APIs on the same address: CAGE (/api/v1, /mcp, /health), Sandkasten "
                + "(/v1/sessions, /healthz), Cloud Sandbox (/api/v1/auth/token, /api/v1/sessions, /api/v1/sandbox) and "
                + "AgentCube (WORKLOAD_MANAGER_URL and ROUTER_URL = " + engine.url() + ")"
                + (config.dev() ? "; development mode accepts their quick-start credentials (CAGE dev_<user> and "
                + "key-less /mcp, Sandkasten sk-sandbox-quickstart, Cloud Sandbox tokens for any user_id, AgentCube "
                + "without credentials)" : ""));
        if (engine.problem() != null) {
            System.out.println("WARNING: sandboxes cannot be created: " + engine.problem());
        }
        done.await();
    }

    static String usage() {
        return """
                usage: sandbench-engine [--port P] [--data-dir DIR] [--bind ADDR] [--default-timeout SECONDS] [--warm-pool N] [--rate-limit N] [--no-record]
                                        [--session-retention-days N] [--session-retention-mb N] [--storage-gb N] [--dev]
                  --port             TCP port (default 8080; 0 picks a free port)
                  --data-dir         where state, workspaces and admin.key live (default ~/.local/share/sandbench/engine;
                                     /var/lib/sandbench/engine as root)
                  --bind             address to listen on (default 127.0.0.1; use 0.0.0.0 to serve a network)
                  --default-timeout  lifetime of sandboxes created without 'timeout' (default 0: no expiry)
                  --warm-pool        sandboxes kept started ahead of demand for fast creates (default 2; 0 = off)
                  --rate-limit       requests a second per API key, bursts of four seconds' worth (default 500; 0 = off)
                  --no-record        do not record operations into sessions (ingested events are still stored)
                  --session-retention-days  delete ended sessions older than this (default 30; 0 = keep)
                  --session-retention-mb    delete the oldest ended sessions while sessions hold more than this
                                     (default 1024; 0 = no limit); active sessions are never deleted
                  --storage-gb       as root: size of the sparse btrfs image made once in the data directory, where
                                     the kernel holds each sandbox to its disk_gb (default: half the free space;
                                     0 = no image, disk limits are measured; docs/decisions/0015)
                  --dev              development mode for the compatible APIs' quick starts: CAGE's dev_<user> keys and
                                     its /mcp without a key, Sandkasten's key sk-sandbox-quickstart, Cloud Sandbox's
                                     token endpoint without a key, AgentCube without credentials (all as the admin
                                     account); refused unless --bind is a loopback address

                environment:
                  SANDBENCH_DNS_UPSTREAM    nameservers (host:port,...) the engine forwards sandboxes' DNS to
                                            (default: those of /etc/resolv.conf)""";
    }

    /** Parses the command line; returns null for --help. */
    static EngineConfig parse(String[] args) {
        Path data = defaultDataDir();
        int port = EngineConfig.DEFAULT_PORT;
        String bind = "127.0.0.1";
        long timeout = 0;
        int warm = 2;
        int rate = 500;
        boolean record = true;
        boolean dev = false;
        var retention = EngineConfig.SessionRetention.DEFAULT;
        long storage = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) return null;
            if (a.equals("--no-record")) {
                record = false;
                continue;
            }
            if (a.equals("--dev")) {
                dev = true;
                continue;
            }
            String value;
            String name = a;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                value = args[++i];
            }
            switch (name) {
                case "--port" -> port = number(name, value, 0, 65535);
                case "--data-dir" -> data = Path.of(value);
                case "--bind" -> bind = value;
                case "--default-timeout" -> timeout = number(name, value, 0, Integer.MAX_VALUE);
                case "--warm-pool" -> warm = number(name, value, 0, 64);
                case "--rate-limit" -> rate = number(name, value, 0, 1_000_000);
                case "--session-retention-days" -> retention = new EngineConfig.SessionRetention(
                        java.time.Duration.ofDays(number(name, value, 0, 36_500)), retention.maxBytes(), retention.every());
                case "--session-retention-mb" -> retention = new EngineConfig.SessionRetention(
                        retention.maxAge(), (long) number(name, value, 0, 100_000_000) << 20, retention.every());
                case "--storage-gb" -> {
                    int gb = number(name, value, 0, 1_000_000);
                    storage = gb == 0 ? -1 : (long) gb << 30;
                }
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return EngineConfig.defaults(data).withPort(port).withBind(bind).withDefaultTimeout(timeout).withWarmPool(warm)
                .withRateLimit(rate).withRecording(record).withSessionRetention(retention).withStorageBytes(storage).withDev(dev);
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value);
            if (v < min || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number from " + min + " to " + max + ", got " + value);
        }
    }

    static Path defaultDataDir() {
        if (dev.sandbench.engine.runtime.BubblewrapRuntime.unixUid() == 0) {
            // Root's home is private (0700); sandboxes run as their own uids and must reach their directories.
            return Path.of("/var/lib/sandbench/engine");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("sandbench").resolve("engine");
    }
}
