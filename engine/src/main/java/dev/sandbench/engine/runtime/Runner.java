package dev.sandbench.engine.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's end of a sandbox's command runner ({@code runner.pl}): one long-lived process
 * inside the sandbox, already in its namespaces, cgroups and privilege state, that forks
 * commands on request. A command then costs one fork+exec instead of five program starts.
 * Frames are u32 length, u8 type, u32 id, payload, over the runner's stdin and stdout.
 */
final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
    private static final String SCRIPT = load();
    static final String PERL = "/usr/bin/perl";
    /** Output frames are at most 64 KiB; anything far larger is a corrupt or forged stream. */
    private static final int MAX_FRAME = 1 << 20;

    private final Process process;
    private volatile long initPid;
    private final DataOutputStream out;
    private final Map<Integer, Command> commands = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile boolean dead;
    private final SandboxCgroup gate;
    /**
     * Gates are opened off the reader thread: a send can block on a full stdin pipe while the
     * runner waits for the reader to take its output.
     */
    private static final java.util.concurrent.ExecutorService GATES = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "runner-gates");
        t.setDaemon(true);
        return t;
    });

    private static String load() {
        try (InputStream in = Runner.class.getResourceAsStream("runner.pl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("runner.pl missing from the engine jar", e);
        }
    }

    /**
     * Syscall numbers of prctl and setsid for this architecture (the runner uses no modules to
     * start fast); "0" where unknown, and the runner then skips that step.
     */
    private static List<String> syscalls() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> List.of("157", "112");
            case "aarch64" -> List.of("167", "157");
            default -> List.of("0", "0");
        };
    }

    /** Text in the runner's command line by which the engine finds it among the host's processes. */
    static final String MARKER = "Sandbench command runner";

    static boolean available() {
        return java.nio.file.Files.isExecutable(java.nio.file.Path.of(PERL));
    }

    /**
     * The sandbox's PID 1: the runner, talking to the engine over bwrap's stdin and stdout.
     *
     * @param gated whether each command waits before exec until the engine has moved it into the
     *              sandbox's cgroups (where the init lives outside them: {@link InitGuard})
     */
    static List<String> initArgv(boolean gated) {
        List<String> argv = new java.util.ArrayList<>(List.of(PERL, "-e", SCRIPT));
        argv.addAll(syscalls());
        String filter = Seccomp.filterHex();
        argv.add(filter == null ? "" : filter);
        argv.add(gated ? "1" : "0");
        return argv;
    }

    /**
     * @param process the bwrap process whose stdin and stdout are the runner's
     * @param gate    the sandbox's cgroups, which the runner's commands join before they exec, or
     *                null where they inherit the init's (as given to {@link #initArgv(boolean)})
     */
    Runner(Process process, String sandboxId, SandboxCgroup gate) {
        this.process = process;
        this.gate = gate;
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 64 * 1024));
        Thread reader = new Thread(() -> read(new DataInputStream(process.getInputStream())), "runner-" + sandboxId);
        reader.setDaemon(true);
        reader.start();
    }

    void setInitPid(long pid) {
        this.initPid = pid;
    }

    boolean awaitReady(long ms) {
        try {
            ready.get(ms, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    boolean alive() {
        return !dead && process.isAlive();
    }

    SandboxCommand run(SandboxProcessSpec spec, OutputSink sink) throws IOException {
        int id = ids.incrementAndGet();
        Command c = new Command(id, sink);
        commands.put(id, c);
        StringBuilder p = new StringBuilder();
        p.append(spec.cwd()).append('\0').append(spec.argv().size());
        for (String a : spec.argv()) p.append('\0').append(a);
        for (Map.Entry<String, String> e : spec.env().entrySet()) p.append('\0').append(e.getKey()).append('=').append(e.getValue());
        try {
            send('S', id, p.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            commands.remove(id);
            throw e;
        }
        return c;
    }

    private void send(char type, int id, byte[] payload) throws IOException {
        if (dead) throw new IOException("the sandbox's command runner has ended");
        synchronized (out) {
            out.writeInt(5 + payload.length);
            out.writeByte(type);
            out.writeInt(id);
            out.write(payload);
            out.flush();
        }
    }

    private void read(DataInputStream in) {
        byte[] buf = new byte[64 * 1024];
        try {
            while (true) {
                int len = in.readInt();
                if (len < 5 || len > MAX_FRAME) throw new IOException("corrupt frame length " + len);
                char type = (char) in.readUnsignedByte();
                int id = in.readInt();
                int n = len - 5;
                if (buf.length < n) buf = new byte[n];
                in.readFully(buf, 0, n);
                dispatch(type, id, buf, n);
            }
        } catch (EOFException e) {
            // the runner ended
        } catch (IOException | RuntimeException e) {
            // After close() the stream is closed under the reader: that is the normal end, not a failure.
            if (dead) LOG.debug("command runner closed: {}", e.toString());
            else LOG.warn("command runner failed: {}", e.toString());
        }
        end();
    }

    private void dispatch(char type, int id, byte[] buf, int n) {
        if (type == 'R') {
            ready.complete(null);
            return;
        }
        Command c = commands.get(id);
        if (c == null) return;
        switch (type) {
            case 'P' -> {
                c.nsPid = Long.parseLong(new String(buf, 0, n, StandardCharsets.US_ASCII));
                if (gate != null) GATES.execute(() -> openGate(c));
            }
            case 'O' -> c.sink.stdout(buf, 0, n);
            case 'E' -> c.sink.stderr(buf, 0, n);
            case 'C' -> {
                c.outputClosed.complete(null);
                if (c.exited.isDone()) commands.remove(id);
            }
            case 'X' -> {
                c.exited.complete(SandboxCommand.exitCode(Integer.parseInt(new String(buf, 0, n, StandardCharsets.US_ASCII))));
                if (c.outputClosed.isDone()) commands.remove(id);
            }
            case 'F' -> {
                byte[] msg = ("cannot start: " + new String(buf, 0, n, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
                c.sink.stderr(msg, 0, msg.length);
                c.outputClosed.complete(null);
                c.exited.complete(126);
                commands.remove(id);
            }
            default -> LOG.warn("unknown runner frame {}", type);
        }
    }

    /**
     * Moves a started command into the sandbox's cgroups, then lets it exec. A command that could
     * not be moved is killed instead of running with the init's freedom from the memory limit.
     */
    private void openGate(Command c) {
        boolean set = InitGuard.admit(initPid, c.nsPid, gate);
        try {
            send('G', c.id, (set ? "1" : "0").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the runner ended; the command never ran
        }
    }

    private void end() {
        dead = true;
        ready.completeExceptionally(new IOException("the command runner ended before it was ready"));
        IOException gone = new IOException("the sandbox's command runner ended (the sandbox stopped, or a process in it killed the runner)");
        for (Command c : commands.values()) {
            c.outputClosed.complete(null);
            c.exited.completeExceptionally(gone);
        }
        commands.clear();
        process.destroyForcibly();
    }

    void close() {
        dead = true;
        process.destroyForcibly();
    }

    private final class Command extends CommandBase {
        final int id;
        final OutputSink sink;
        volatile long nsPid;

        Command(int id, OutputSink sink) {
            super(new CompletableFuture<>(), new CompletableFuture<>());
            this.id = id;
            this.sink = sink;
        }

        @Override
        public void writeStdin(byte[] data) throws IOException {
            for (int off = 0; off < data.length; off += 60_000) {
                int n = Math.min(60_000, data.length - off);
                byte[] chunk = new byte[n];
                System.arraycopy(data, off, chunk, 0, n);
                send('I', id, chunk);
            }
        }

        @Override
        public void closeStdin() throws IOException {
            send('I', id, new byte[0]);
        }

        @Override
        public void kill() {
            try {
                send('K', id, "9".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException ignored) {
                // the runner is gone; the session scan below still applies
            }
            if (nsPid > 0 && initPid > 0) {
                RunningSandbox.killNamespaceSession(initPid, nsPid);
            }
        }
    }
}
