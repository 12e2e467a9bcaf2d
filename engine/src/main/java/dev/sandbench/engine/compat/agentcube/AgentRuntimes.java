package dev.sandbench.engine.compat.agentcube;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.Json;
import dev.sandbench.engine.compat.CompatIdentity;
import dev.sandbench.engine.compat.CompatStore;
import dev.sandbench.engine.compat.ShellWords;
import dev.sandbench.engine.exec.ExecRequest;
import dev.sandbench.engine.exec.ExecResult;
import dev.sandbench.engine.exec.ExecService;
import dev.sandbench.engine.sandbox.Ports;
import dev.sandbench.engine.sandbox.SandboxService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AgentCube's agent runtimes on this engine. In AgentCube an AgentRuntime is a resource an
 * operator applies (a pod template serving HTTP on a port); each session is a sandbox from it, and
 * the Router proxies invocations to the sandbox's port. Here the operator writes the definition as
 * a file, {@code DATA_DIR/agent-runtimes/<namespace>/<name>.json}:
 * <pre>{"template": "python", "command": ["python3", "agent.py"], "port": 8080, "env": {...},
 *  "max_session_duration": "8h", "ready_timeout": "30s"}</pre>
 * A session is a sandbox of that template in which the command is started in the background (a
 * recorded exec, its output in /tmp/agent-runtime.log) and listens on the port inside the sandbox's
 * own network namespace. Sandboxes have no port on the host, so an invocation is relayed by a
 * recorded exec in the sandbox that writes the HTTP request to 127.0.0.1:port and reads the answer
 * back: request and answer must be text (UTF-8), which JSON agents' are.
 */
final class AgentRuntimes {
    static final String DIRECTORY = "agent-runtimes";
    static final String LOG = "/tmp/agent-runtime.log";
    private static final long DEFAULT_MAX_SESSION_MS = 8L * 3600 * 1000;
    private static final long DEFAULT_READY_MS = 30_000;

    /** An operator's definition of an agent runtime. */
    record Definition(String template, List<String> command, Integer port, Map<String, String> env,
                      String maxSessionDuration, String readyTimeout) {}

    private final Path directory;
    private final AgentCubeSessions sessions;
    private final SandboxService sandboxes;
    private final ExecService exec;

    AgentRuntimes(Path dataDir, AgentCubeSessions sessions, ExecService exec) {
        this.directory = dataDir.resolve(DIRECTORY);
        this.sessions = sessions;
        this.sandboxes = sessions.sandboxes().service();
        this.exec = exec;
    }

    /** The definition of {@code namespace}/{@code name}: 404 when there is none, 500 when it cannot be used. */
    Definition definition(String namespace, String name) {
        AgentCubeSessions.checkNames(namespace, name);
        Path file = directory.resolve(namespace).resolve(name + ".json");
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("agent runtime " + namespace + "/" + name + " is not defined on this engine: "
                    + "its operator defines it in " + file + " ({\"template\": \"python\", \"command\": [...], "
                    + "\"port\": 8080})");
        }
        Definition d;
        try {
            d = Json.parse(Files.readString(file), Definition.class);
        } catch (IOException | ApiException e) {
            throw ApiException.internal("agent runtime " + namespace + "/" + name + " has an unreadable definition ("
                    + file + "): " + e.getMessage());
        }
        if (d.command() == null || d.command().isEmpty() || d.port() == null || d.port() < 1 || d.port() > 65535) {
            throw ApiException.internal("agent runtime " + namespace + "/" + name + " needs 'command' (an argv) and "
                    + "'port' (1-65535) in " + file);
        }
        return d;
    }

    /** A new session of the agent runtime: its sandbox made and the agent started. */
    CompatStore.Session create(CompatIdentity who, String namespace, String name, Long ttl) {
        Definition d = definition(namespace, name);
        String line = ShellWords.execLine(d.command(), "command");
        long lifetime = ttl != null && ttl > 0 ? AgentCubeSessions.ttl(ttl)
                : Math.max(1, duration(d.maxSessionDuration(), DEFAULT_MAX_SESSION_MS) / 1000);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("command", line);
        meta.put("port", d.port());
        meta.put("env", d.env() == null ? Map.of() : d.env());
        meta.put("ready_ms", duration(d.readyTimeout(), DEFAULT_READY_MS));
        CompatStore.Session s = sessions.create(who, new AgentCubeSessions.Spec(AgentCubeSessions.AGENT_RUNTIME,
                namespace, name, d.template() == null ? "python" : d.template(), lifetime, meta));
        serving(who, s);
        return s;
    }

    /** Starts the agent unless its port is listening (again after an engine restart), and waits for it. */
    @SuppressWarnings("unchecked")
    void serving(CompatIdentity who, CompatStore.Session s) {
        Map<String, Object> meta = s.state();
        if (meta.get("port") == null) {
            throw ApiException.notFound("session " + s.id() + " is not an agent runtime's session");
        }
        int port = ((Number) meta.get("port")).intValue();
        String sandboxId = sessions.running(who, s);
        if (listening(who, sandboxId, port)) return;
        String start = "( " + meta.get("command") + " ) > " + LOG + " 2>&1 < /dev/null &";
        exec.exec(who.principal(), sandboxId, new ExecRequest(start, AgentCubePaths.W,
                (Map<String, String>) meta.get("env"), 10_000L, null, null));
        long deadline = System.currentTimeMillis() + ((Number) meta.get("ready_ms")).longValue();
        while (!listening(who, sandboxId, port)) {
            if (System.currentTimeMillis() > deadline) {
                throw new ApiException(502, "Bad Gateway", "sandbox unreachable: the agent did not listen on port "
                        + port + " in time (its output is in " + LOG + " in sandbox " + sandboxId + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.unavailable("interrupted");
            }
        }
    }

    private boolean listening(CompatIdentity who, String sandboxId, int port) {
        long init = sandboxes.running(who.principal(), sandboxId).initPid();
        return Ports.listening(init).stream().anyMatch(p -> p.port() == port);
    }

    /**
     * Relays one request to the session's agent and answers with its status, content type and body.
     * {@code headers} are the caller's, less hop-by-hop ones and its credentials.
     */
    AgentCubeRelay.Answer invoke(CompatIdentity who, CompatStore.Session s, String method, String path,
                                 Map<String, String> headers, String body, long timeoutMs) {
        serving(who, s);
        int port = ((Number) s.state().get("port")).intValue();
        String request = AgentCubeRelay.request(method, path, port, headers, body);
        String script = "# AgentCube agent runtime " + s.text("namespace") + "/" + s.text("name") + ": " + method + " "
                + path + "\nexec 3<>/dev/tcp/127.0.0.1/" + port + " || exit 111\nprintf '%s' "
                + ShellWords.quote(request) + " >&3\nexec cat <&3";
        ExecResult r = exec.exec(who.principal(), s.sandboxId(), new ExecRequest(script, AgentCubePaths.W, null,
                timeoutMs, null, null));
        if (r.timedOut()) throw new ApiException(504, "Gateway Timeout", "sandbox timeout: the agent did not answer in "
                + timeoutMs + " ms");
        if (r.exitCode() != 0 || r.stdout().isEmpty()) {
            throw new ApiException(502, "Bad Gateway", "sandbox unreachable: " + (r.stderr().isBlank()
                    ? "the agent closed the connection without an answer" : r.stderr().strip()));
        }
        return AgentCubeRelay.parse(r.stdout(), r.truncated());
    }

    /** A Go duration in milliseconds, or {@code dflt} when absent. */
    private static long duration(String goDuration, long dflt) {
        return goDuration == null || goDuration.isEmpty() ? dflt : AgentCubeExec.durationMs(goDuration);
    }
}
