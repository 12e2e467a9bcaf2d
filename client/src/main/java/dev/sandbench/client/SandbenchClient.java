package dev.sandbench.client;

import dev.sandbench.client.account.AccountClient;
import dev.sandbench.client.code.CodeClient;
import dev.sandbench.client.events.EventsClient;
import dev.sandbench.client.jobs.JobsClient;
import dev.sandbench.client.exec.ExecClient;
import dev.sandbench.client.files.FilesClient;
import dev.sandbench.client.http.Clients;
import dev.sandbench.client.http.EngineHttp;
import dev.sandbench.client.sandboxes.SandboxesClient;
import dev.sandbench.client.sessions.SessionsClient;
import dev.sandbench.client.snapshots.SnapshotsClient;
import dev.sandbench.client.system.SystemClient;
import dev.sandbench.client.terminal.TerminalClient;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.Objects;

/**
 * The Sandbench engine API from Java. One instance per engine and key; it is thread-safe and
 * meant to be shared (it holds a connection pool). Close it to release threads and connections.
 *
 * <pre>{@code
 * try (SandbenchClient sb = SandbenchClient.connect("http://127.0.0.1:8080", key)) {
 *     Sandbox box = sb.sandboxes().create(CreateSandbox.builder().template("python").build());
 *     ExecResult r = sb.exec().run(box.id(), "python3 -c 'print(6*7)'");
 * }
 * }</pre>
 *
 * Calls throw subclasses of {@link SandbenchException}: {@link AuthenticationException},
 * {@link NotFoundException}, {@link ConflictException}, {@link ValidationException},
 * {@link RateLimitedException}, {@link SandbenchTimeoutException},
 * {@link EngineUnavailableException}, {@link EngineException} and {@link TransportException}.
 * Idempotent calls (GET, PUT, DELETE) are retried on connection failures and 502/503/504;
 * POSTs never are.
 */
public final class SandbenchClient implements AutoCloseable {
    public static final String VERSION = "0.1.0";

    private final OkHttpClient okHttp;
    private final String baseUrl;
    private final SystemClient system;
    private final SandboxesClient sandboxes;
    private final ExecClient exec;
    private final FilesClient files;
    private final AccountClient account;
    private final TerminalClient terminal;
    private final CodeClient code;
    private final JobsClient jobs;
    private final EventsClient events;
    private final SnapshotsClient snapshots;
    private final SessionsClient sessions;
    private final dev.sandbench.client.mcp.McpClient mcp;
    private final dev.sandbench.client.alerts.AlertsClient alerts;
    private final dev.sandbench.client.notifications.NotificationsClient notifications;

    private SandbenchClient(Builder b) {
        HttpUrl url = HttpUrl.parse(b.baseUrl);
        if (url == null) throw new IllegalArgumentException("not an http(s) URL: " + b.baseUrl);
        this.baseUrl = url.toString();
        this.okHttp = Clients.okHttp(b.apiKey, "sandbench-java/" + VERSION, b.connectTimeout, b.callTimeout, b.attempts);
        EngineHttp http = new EngineHttp(url, okHttp);
        this.system = new SystemClient(http);
        this.sandboxes = new SandboxesClient(http);
        this.exec = new ExecClient(http);
        this.files = new FilesClient(http);
        this.account = new AccountClient(http);
        this.terminal = new TerminalClient(http);
        this.code = new CodeClient(http);
        this.jobs = new JobsClient(http);
        this.events = new EventsClient(http);
        this.snapshots = new SnapshotsClient(http);
        this.sessions = new SessionsClient(http);
        this.mcp = new dev.sandbench.client.mcp.McpClient(http);
        this.alerts = new dev.sandbench.client.alerts.AlertsClient(http);
        this.notifications = new dev.sandbench.client.notifications.NotificationsClient(http);
    }

    /** A client with default timeouts (connect 5 s, calls 30 s; exec and transfers follow their own). */
    public static SandbenchClient connect(String baseUrl, String apiKey) {
        return builder().baseUrl(baseUrl).apiKey(apiKey).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String baseUrl() { return baseUrl; }

    /** Health, capabilities, templates, the OpenAPI document. */
    public SystemClient system() { return system; }

    /** Create, list, pause, resume, stop, start, destroy; stats, logs, ports. */
    public SandboxesClient sandboxes() { return sandboxes; }

    /** Shell commands. */
    public ExecClient exec() { return exec; }

    /** Files and transfers. */
    public FilesClient files() { return files; }

    /** Interactive terminals and streamed commands (WebSocket). */
    public TerminalClient terminal() { return terminal; }

    /** Code in many languages, fresh or in persistent interpreters. */
    public CodeClient code() { return code; }

    /** Background executions. */
    public JobsClient jobs() { return jobs; }

    /** The live event stream (reconnects by itself). */
    public EventsClient events() { return events; }

    /** Snapshots, restore, download/import, named workspaces. */
    public SnapshotsClient snapshots() { return snapshots; }

    /** Agent sessions: ingest events, replay, summaries, trust, export. */
    public SessionsClient sessions() { return sessions; }

    /** Every sandbox as an MCP server: its URL, and sessions over the WebSocket or Streamable HTTP. */
    public dev.sandbench.client.mcp.McpClient mcp() { return mcp; }

    /** Alerts (memory kills, limits, timeouts, budgets, expiry, low trust) and the rules that raise them. */
    public dev.sandbench.client.alerts.AlertsClient alerts() { return alerts; }

    /** Notifications made from alerts: unread count, mark read, settings. */
    public dev.sandbench.client.notifications.NotificationsClient notifications() { return notifications; }

    /** API keys, clients, billing, accounts. */
    public AccountClient account() { return account; }

    @Override
    public void close() {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
    }

    /** Options for {@link SandbenchClient}. */
    public static final class Builder {
        private String baseUrl = "http://127.0.0.1:8080";
        private String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration callTimeout = Duration.ofSeconds(30);
        private int attempts = 3;

        public Builder baseUrl(String url) { baseUrl = Objects.requireNonNull(url); return this; }
        public Builder apiKey(String key) { apiKey = Objects.requireNonNull(key); return this; }
        public Builder connectTimeout(Duration d) { connectTimeout = d; return this; }
        /** Timeout of ordinary calls (not exec, whose timeout follows the command's, nor transfers). */
        public Builder callTimeout(Duration d) { callTimeout = d; return this; }
        /** How many times an idempotent call is tried in all (1 = no retries). */
        public Builder attempts(int n) { attempts = Math.max(1, n); return this; }

        public SandbenchClient build() {
            if (apiKey == null || apiKey.isBlank()) throw new IllegalArgumentException("an API key is required");
            return new SandbenchClient(this);
        }
    }
}
