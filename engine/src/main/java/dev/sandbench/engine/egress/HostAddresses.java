package dev.sandbench.engine.egress;

import dev.sandbench.engine.runtime.HostTools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every address of the engine host's interfaces (and their broadcast addresses), kept current:
 * {@code ip monitor address} reports each change, and a sandbox's ruleset is re-rendered with the
 * new set within milliseconds. Read again whenever a policy is applied, so a sandbox never starts
 * with a stale set.
 */
final class HostAddresses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostAddresses.class);
    private volatile Set<InetAddress> current = Set.of();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Process monitor;

    HostAddresses() {
        refresh();
    }

    /**
     * Starts following changes with {@code ip monitor address}, from a thread that lives as long as
     * the monitor: the monitor dies with that thread (and so with the engine, even on a kill -9).
     */
    void follow() {
        var ip = HostTools.locate("ip");
        var setpriv = HostTools.locate("setpriv");
        if (ip.isEmpty() || setpriv.isEmpty()) return;
        Thread t = new Thread(() -> {
            Process m;
            try {
                m = HostTools.hostProcess(List.of(setpriv.get().toString(), "--pdeathsig=KILL", "--",
                        ip.get().toString(), "-o", "monitor", "address")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                LOG.warn("host address changes will only be seen when a policy is applied: {}", e.getMessage());
                return;
            }
            monitor = m;
            drain(m.getInputStream());
        }, "egress-host-addresses");
        t.setDaemon(true);
        t.start();
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            while (in.read(buf) > 0) {
                if (refresh()) listeners.forEach(Runnable::run);
            }
        } catch (IOException e) {
            // the monitor ended with the engine
        }
    }

    void onChange(Runnable r) {
        listeners.add(r);
    }

    Set<InetAddress> current() {
        return current;
    }

    /** Reads the addresses again; true when they changed. */
    synchronized boolean refresh() {
        Set<InetAddress> now = new TreeSet<>((a, b) -> a.getHostAddress().compareTo(b.getHostAddress()));
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                for (InterfaceAddress ia : nic.getInterfaceAddresses()) {
                    now.add(plain(ia.getAddress()));
                    if (ia.getBroadcast() != null) now.add(plain(ia.getBroadcast()));
                }
            }
        } catch (SocketException e) {
            LOG.warn("cannot list the host's addresses: {}", e.getMessage());
            return false;
        }
        if (now.equals(current)) return false;
        current = Set.copyOf(now);
        return true;
    }

    /** Without an IPv6 scope (fe80::1%eth0 is fe80::1 to nft). */
    private static InetAddress plain(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        Process m = monitor;
        if (m != null) m.destroyForcibly();
    }
}
