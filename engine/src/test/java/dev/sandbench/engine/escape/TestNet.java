package dev.sandbench.engine.escape;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Test hosts of the egress tests, in a network namespace this test makes (root only): a veth pair
 * whose host end's address is then an address of the host (a listener there stands for any host
 * service), and behind it, routed from the host, a "public" address (TEST-NET-2), a second one, a
 * private one and the cloud metadata address, each with a listener that says which address was
 * reached. Nothing leaves the machine.
 */
final class TestNet implements AutoCloseable {
    final String ns = "sbeg" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final int k = ThreadLocalRandom.current().nextInt(0, 60);
    final String hostAddress = "203.0.113." + (4 * k + 1);
    private final String peer = "203.0.113." + (4 * k + 2);
    final String publicAddress = "198.51.100." + (k + 1);
    final String otherPublicAddress = "198.51.100." + (k + 101);
    final String privateAddress = "10.213." + k + ".1";
    final String metadataAddress = "169.254.169.254";
    final int port = ThreadLocalRandom.current().nextInt(20_000, 40_000);
    /** Addresses a connection reached, as the listeners saw them. */
    final List<String> reached = new CopyOnWriteArrayList<>();
    private final ServerSocket hostListener;
    private final List<ServerSocket> extraListeners = new CopyOnWriteArrayList<>();
    private final Process nsListener;

    TestNet() throws Exception {
        String host = "h" + ns;
        String inner = "n" + ns;
        sh("ip netns add " + ns);
        sh("ip link add " + host + " type veth peer name " + inner);
        sh("ip link set " + inner + " netns " + ns);
        sh("ip addr add " + hostAddress + "/30 dev " + host + " && ip link set " + host + " up");
        sh("ip -n " + ns + " link set lo up && ip -n " + ns + " addr add " + peer + "/30 dev " + inner
                + " && ip -n " + ns + " link set " + inner + " up && ip -n " + ns + " route add default via " + hostAddress);
        for (String a : List.of(publicAddress, otherPublicAddress, privateAddress, metadataAddress)) {
            sh("ip -n " + ns + " addr add " + a + "/32 dev " + inner + " && ip route add " + a + "/32 via " + peer);
        }
        hostListener = listen(hostAddress);
        String py = "import socket,selectors,sys\nsel=selectors.DefaultSelector()\nfor a in sys.argv[2:]:\n"
                + "    s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "    s.bind((a, int(sys.argv[1]))); s.listen(16); sel.register(s, selectors.EVENT_READ, a)\n"
                + "print('up', flush=True)\nwhile True:\n    for key, _ in sel.select():\n"
                + "        c, _ = key.fileobj.accept(); c.sendall(('reached ' + key.data + '\\n').encode()); c.close()\n"
                + "        print(key.data, flush=True)\n";
        nsListener = new ProcessBuilder("ip", "netns", "exec", ns, "/usr/bin/python3", "-c", py, Integer.toString(port),
                publicAddress, otherPublicAddress, privateAddress, metadataAddress).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(nsListener.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"up".equals(first)) throw new IOException("the test listener did not start: " + first);
        Thread r = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) reached.add(line.strip());
            } catch (IOException e) {
                // ended
            }
        }, "test-ns-listener");
        r.setDaemon(true);
        r.start();
    }

    /** A listener on the host at {@code address}, saying which address was reached. */
    private ServerSocket listen(String address) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    reached.add(address);
                    s.getOutputStream().write(("reached " + address + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // closed
                }
            }
        }, "test-host-listener");
        t.setDaemon(true);
        t.start();
        return server;
    }

    /** Gives the host one more address (on the veth's host end), with a listener on it; returns it. */
    String addHostAddress() throws Exception {
        String a = "203.0.113." + (241 + k % 13);
        sh("ip addr add " + a + "/32 dev h" + ns);
        extraListeners.add(listen(a));
        return a;
    }

    /** {@code address:port} of a listener. */
    String target(String address) {
        return address + ":" + port;
    }

    /** Whether the host itself reaches a listener (evidence that the target exists). */
    boolean hostReaches(String address) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(address), port), 3000);
            return new String(s.getInputStream().readNBytes(64), StandardCharsets.UTF_8).startsWith("reached " + address);
        } catch (IOException e) {
            return false;
        }
    }

    static void sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(command + " failed: " + out);
        }
    }

    /**
     * A python program for inside a sandbox: tries each {@code host:port}, prints one line per
     * target: {@code target OK <greeting>} or {@code target <error> <milliseconds>}.
     */
    static String probe(List<String> targets) {
        List<String> quoted = new ArrayList<>();
        for (String t : targets) quoted.add("'" + t + "'");
        return "python3 -c \"import socket,sys,time\nfor t in sys.argv[1:]:\n  h,p=t.rsplit(':',1); t0=time.time()\n"
                + "  try:\n    s=socket.create_connection((h,int(p)),timeout=5); print(t,'OK',s.recv(100).decode().strip())\n"
                + "  except Exception as e: print(t,type(e).__name__,int((time.time()-t0)*1000))\" "
                + String.join(" ", quoted);
    }

    @Override
    public void close() {
        try {
            hostListener.close();
            for (ServerSocket l : extraListeners) l.close();
        } catch (IOException ignored) {
            // closing
        }
        nsListener.destroyForcibly();
        try {
            nsListener.waitFor(5, TimeUnit.SECONDS);
            sh("for p in $(ip netns pids " + ns + "); do kill -9 $p; done");
            // Deleting the namespace deletes the veth pair, and with it the host's routes through it.
            sh("ip netns del " + ns);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not remove the test network " + ns, e);
        }
    }
}
