package dev.sandbench.engine.exec;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.runtime.SandboxProcessSpec;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Long-lived shells and interpreters per sandbox, by name. A session belongs to the process
 * tree it was started in: when the sandbox restarts (a new runner), its sessions start afresh.
 */
final class LiveSessions {
    static final int MAX_PER_SANDBOX = 16;

    private record Entry(RunningSandbox sandbox, MarkedSession session) {}

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    /** Sessions that ended abnormally: the next one under that name reports lost state. */
    private final java.util.Set<String> lost = ConcurrentHashMap.newKeySet();

    /**
     * The live session, or a new one when there is none (or it died). {@code fresh[0]} says a
     * new one was started; {@code fresh[1]} that an earlier one under this name was lost.
     */
    synchronized MarkedSession get(RunningSandbox sandbox, String name, Supplier<SandboxProcessSpec> spec, int cap,
                                   boolean[] fresh) {
        String key = sandbox.id() + "/" + name;
        Entry e = sessions.get(key);
        if (e != null && e.sandbox() == sandbox && e.session().alive()) {
            fresh[0] = false;
            return e.session();
        }
        if (e != null) {
            e.session().kill();
            lost.add(key);
        }
        long count = sessions.keySet().stream().filter(k -> k.startsWith(sandbox.id() + "/")).count();
        if (e == null && count >= MAX_PER_SANDBOX) {
            throw ApiException.unprocessable("sandbox " + sandbox.id() + " already has " + MAX_PER_SANDBOX
                    + " live sessions and interpreters");
        }
        try {
            MarkedSession s = new MarkedSession(sandbox, spec.get(), cap);
            sessions.put(key, new Entry(sandbox, s));
            fresh[0] = true;
            fresh[1] = lost.remove(key);
            return s;
        } catch (IOException ex) {
            throw ApiException.conflict("cannot start a session in sandbox " + sandbox.id() + ": " + ex.getMessage());
        }
    }

    /** Ends a session (after a timeout, its state cannot be trusted). */
    synchronized void discard(RunningSandbox sandbox, String name) {
        Entry e = sessions.remove(sandbox.id() + "/" + name);
        if (e != null) {
            e.session().kill();
            lost.add(sandbox.id() + "/" + name);
        }
    }
}
