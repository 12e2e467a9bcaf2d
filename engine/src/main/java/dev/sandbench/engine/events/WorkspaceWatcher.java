package dev.sandbench.engine.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Notices files that processes inside sandboxes create, change or delete in /workspace
 * (inotify through the JDK's WatchService) and publishes them, coalesced over 200 ms, as
 * {@code files.changed} events. Watches at most {@link #MAX_DIRS} directories per sandbox;
 * symlinks are never followed.
 */
public final class WorkspaceWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceWatcher.class);
    static final int MAX_DIRS = 2000;

    private record Watched(String accountId, String sandboxId, Path root) {}

    private final EventBus bus;
    private final WatchService watcher;
    private final Map<WatchKey, Watched> keys = new ConcurrentHashMap<>();
    private final Map<WatchKey, Path> dirs = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> pending = new LinkedHashMap<>();
    private final Map<String, Watched> pendingOwner = new LinkedHashMap<>();
    private final Thread thread;

    public WorkspaceWatcher(EventBus bus) throws IOException {
        this.bus = bus;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.thread = new Thread(this::loop, "workspace-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    public void watch(String accountId, String sandboxId, Path workspace) {
        Watched w = new Watched(accountId, sandboxId, workspace.toAbsolutePath().normalize());
        registerTree(w, w.root());
    }

    public void unwatch(String sandboxId) {
        keys.entrySet().removeIf(e -> {
            if (e.getValue().sandboxId().equals(sandboxId)) {
                e.getKey().cancel();
                dirs.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    private void registerTree(Watched w, Path start) {
        long count = keys.values().stream().filter(k -> k.sandboxId().equals(w.sandboxId())).count();
        try (Stream<Path> walk = Files.walk(start)) {
            for (Path d : walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                if (count++ >= MAX_DIRS) break;
                if (!d.toRealPath().startsWith(w.root().toRealPath())) continue;
                WatchKey k = d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
                keys.put(k, w);
                dirs.put(k, d);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot watch {}: {}", start, e.getMessage());
        }
    }

    private void loop() {
        long flushAt = Long.MAX_VALUE;
        while (true) {
            WatchKey key;
            try {
                key = watcher.poll(Math.max(1, Math.min(200, (flushAt - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            if (key != null) {
                Watched w = keys.get(key);
                Path dir = dirs.get(key);
                for (WatchEvent<?> ev : key.pollEvents()) {
                    if (w == null || dir == null || !(ev.context() instanceof Path name)) continue;
                    Path changed = dir.resolve(name);
                    if (name.toString().startsWith(dev.sandbench.engine.core.FileTrees.UPLOAD_STAGING_PREFIX)) continue; // the engine's own temporary files
                    note(w, changed);
                    if (ev.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed, LinkOption.NOFOLLOW_LINKS)) {
                        registerTree(w, changed);
                        // Whatever was made inside before the watch took hold would otherwise go unseen.
                        try (Stream<Path> inside = Files.walk(changed)) {
                            inside.limit(500).forEach(p -> note(w, p));
                        } catch (IOException | RuntimeException ignored) {
                            // removed again meanwhile
                        }
                    }
                }
                if (!key.reset()) {
                    keys.remove(key);
                    dirs.remove(key);
                }
                if (flushAt == Long.MAX_VALUE) flushAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            }
            if (System.nanoTime() >= flushAt) {
                flush();
                flushAt = Long.MAX_VALUE;
            }
        }
    }

    private void note(Watched w, Path changed) {
        String sandboxPath = "/workspace/" + w.root().relativize(changed).toString().replace('\\', '/');
        synchronized (pending) {
            pending.computeIfAbsent(w.sandboxId(), k -> new LinkedHashSet<>()).add(sandboxPath);
            pendingOwner.put(w.sandboxId(), w);
        }
    }

    private void flush() {
        List<Map.Entry<Watched, List<String>>> out = new ArrayList<>();
        synchronized (pending) {
            pending.forEach((id, paths) -> out.add(Map.entry(pendingOwner.get(id), new ArrayList<>(paths))));
            pending.clear();
            pendingOwner.clear();
        }
        for (Map.Entry<Watched, List<String>> e : out) {
            List<String> paths = e.getValue().size() > 500 ? e.getValue().subList(0, 500) : e.getValue();
            bus.publish(e.getKey().accountId(), "files.changed", e.getKey().sandboxId(),
                    Map.of("action", "changed", "paths", paths, "source", "sandbox", "truncated", e.getValue().size() > 500));
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            watcher.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
