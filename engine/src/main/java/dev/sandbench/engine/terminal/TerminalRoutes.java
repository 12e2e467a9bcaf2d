package dev.sandbench.engine.terminal;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.api.HttpApi;
import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.api.Route.Doc;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.runtime.SandboxProcessSpec;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /v1/sandboxes/{id}/terminal}: an interactive PTY shell (with rows and cols) or one
 * command (without), over a WebSocket of JSON frames. The key is checked before the upgrade.
 */
public final class TerminalRoutes {
    static final String PATH = "/v1/sandboxes/{id}/terminal";
    private static final String SESSION = "sandbench.terminal";
    private static final String SANDBOX = "sandbench.sandbox";
    private static final String PRINCIPAL = "sandbench.principal";

    private final SandboxService sandboxes;
    private final dev.sandbench.engine.sessions.SessionService sessions;
    private final Map<String, TerminalSession> open = new ConcurrentHashMap<>();
    private final String shell = Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh";

    private TerminalRoutes(SandboxService sandboxes, dev.sandbench.engine.sessions.SessionService sessions) {
        this.sandboxes = sandboxes;
        this.sessions = sessions;
    }

    public static void register(HttpApi api, SandboxService sandboxes, dev.sandbench.engine.sessions.SessionService sessions) {
        TerminalRoutes t = new TerminalRoutes(sandboxes, sessions);
        api.documentOnly("GET", PATH, Doc.of("Upgrade to a WebSocket: an interactive PTY shell when rows and cols "
                        + "are given, else exec mode (the first input frame is one command). Frames are JSON: input, "
                        + "resize, ping from the client; output, exit, error, pong from the engine. The key may be "
                        + "given as ?token=.").tag("terminal")
                .query("rows", "integer", "terminal rows (1-1000)").query("cols", "integer", "terminal columns (1-1000)")
                .query("token", "string", "API key, for clients that cannot set headers")
                .status(101, "Switching Protocols"));
        // Refuse before the upgrade: a wrong key, an unknown or stopped sandbox, bad sizes get an HTTP problem.
        api.javalin().addHttpHandler(io.javalin.http.HandlerType.WEBSOCKET_BEFORE_UPGRADE, PATH, ctx -> t.admit(api, ctx));
        // A plain GET gets the same checks, then says how to connect.
        api.javalin().addHttpHandler(io.javalin.http.HandlerType.GET, PATH, ctx -> {
            t.admit(api, ctx);
            throw new ApiException(426, "Upgrade Required",
                    "this route is a WebSocket: connect with 'Upgrade: websocket' (ws:// or wss://)");
        });
        api.javalin().ws(PATH, ws -> {
            ws.onConnect(t::connect);
            ws.onMessage(ctx -> t.message(ctx, ctx.message()));
            ws.onClose(t::close);
            ws.onError(t::close);
        });
    }

    private void admit(HttpApi api, Context ctx) {
        Principal p = api.authenticate(ctx);
        String id = ctx.pathParam("id");
        sandboxes.running(p, id);
        ctx.attribute(PRINCIPAL, p);
        size(ctx.queryParam("rows"), "rows");
        size(ctx.queryParam("cols"), "cols");
        if ((ctx.queryParam("rows") == null) != (ctx.queryParam("cols") == null)) {
            throw ApiException.badRequest("give both rows and cols for a terminal, or neither for exec mode");
        }
        String offered = ctx.header("Sec-WebSocket-Protocol");
        if (offered != null) {
            for (String proto : offered.split(",")) {
                String pr = proto.trim();
                if (pr.equals("terminal") || pr.equals("mcp")) {
                    ctx.header("Sec-WebSocket-Protocol", pr);
                    break;
                }
            }
        }
    }

    private static int size(String raw, String name) {
        if (raw == null) return -1;
        try {
            int v = Integer.parseInt(raw);
            if (v < 1 || v > 1000) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a number from 1 to 1000, got '" + raw + "'");
        }
    }

    private void connect(WsContext ws) {
        ws.session.setIdleTimeout(java.time.Duration.ofHours(12));
        try {
            Principal p = ws.attribute(PRINCIPAL);
            if (p == null) throw new IllegalStateException("the upgrade was not authenticated");
            SandboxRecord record = sandboxes.get(p, ws.pathParam("id"));
            RunningSandbox sandbox = sandboxes.running(p, record.id());
            Map<String, String> env = new LinkedHashMap<>(sandboxes.environment(record));
            env.put("TERM", "xterm-256color");
            String rows = ws.queryParam("rows");
            TerminalSession session;
            if (rows == null) {
                session = new ExecModeSession(sandbox, env, shell, ws);
            } else {
                List<String> argv = shell.endsWith("bash") ? List.of(shell, "-i", "-l") : List.of(shell, "-i");
                List<String> cmd = sandbox.terminalCommand(new SandboxProcessSpec(argv, env, "/workspace", true));
                int r = Integer.parseInt(rows);
                int c = Integer.parseInt(ws.queryParam("cols"));
                TerminalRecording rec = new TerminalRecording(new TerminalRecording.Sink() {
                    @Override
                    public void record(String type, Map<String, Object> data) {
                        sessions.record(record.accountId(), record.id(), type, data);
                    }

                    @Override
                    public void recordJson(String type, String json, String input, String output) {
                        sessions.recordJson(record.accountId(), record.id(), type, json, input, output);
                    }
                }, sessions::recordingBacklog, r, c);
                session = new PtySession(cmd, sandbox.hostSetsid(), r, c, ws, record.id(), rec);
                sandboxes.logs().append(record.id(), "terminal", "terminal opened (" + ws.queryParam("cols") + "x" + rows + ")");
            }
            open.put(ws.sessionId(), session);
            ws.attribute(SESSION, session);
            ws.attribute(SANDBOX, record.id());
        } catch (IOException | RuntimeException e) {
            ws.send(TerminalFrames.error("cannot open the terminal: " + e.getMessage()));
            ws.closeSession();
        }
    }

    private void message(WsContext ws, String text) {
        TerminalSession s = open.get(ws.sessionId());
        if (s == null) return;
        TerminalFrames.Incoming in = TerminalFrames.Incoming.parse(text);
        try {
            switch (in.type()) {
                case "input" -> {
                    if (in.data() == null) ws.send(TerminalFrames.error("an input frame needs 'data' (a string)"));
                    else s.input(in.data());
                }
                case "resize" -> {
                    if (in.rows() < 1 || in.cols() < 1 || in.rows() > 1000 || in.cols() > 1000) {
                        ws.send(TerminalFrames.error("resize needs rows and cols from 1 to 1000"));
                    } else {
                        s.resize(in.rows(), in.cols());
                    }
                }
                case "ping" -> ws.send(TerminalFrames.pong());
                default -> ws.send(TerminalFrames.error("unknown frame; send input, resize or ping"));
            }
        } catch (IOException e) {
            ws.send(TerminalFrames.error("the terminal is gone: " + e.getMessage()));
        }
    }

    private void close(WsContext ws) {
        TerminalSession s = open.remove(ws.sessionId());
        if (s != null) s.close();
    }
}
